// Live trigger events as an AsyncSequence: `for try await event in try await client.triggers().events()`. Each
// event is pulled when the loop asks for it (the core's bounded buffer holds the rest); cancelling the task stops
// the subscription, and leaving the loop releases it (which stops it too).

extension TriggerSubscription {
    /// This subscription's events in the order fired; iterate it once.
    public var events: AsyncThrowingStream<WebhookEvent, Error> {
        AsyncThrowingStream(unfolding: {
            try await withTaskCancellationHandler {
                try await self.next()
            } onCancel: {
                self.stop()
            }
        })
    }
}

extension Triggers {
    /// Subscribes (a refused key or channel signature throws here) and returns the events `filters` match.
    public func events(
        filters: TriggerFilters? = nil, realtimeUrl: String? = nil
    ) async throws -> AsyncThrowingStream<WebhookEvent, Error> {
        try await subscribe(filters: filters, realtimeUrl: realtimeUrl).events
    }
}
