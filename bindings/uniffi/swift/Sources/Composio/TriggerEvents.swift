// Live trigger events as an AsyncSequence: `for try await event in client.triggers().events()`. Ending the
// iteration (break, an error, cancelling its task) stops the subscription.

extension TriggerSubscription {
    /// This subscription's events in the order fired; iterate it once.
    public var events: AsyncThrowingStream<WebhookEvent, Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    while let event = try await self.next() {
                        continuation.yield(event)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in
                self.stop()
                task.cancel()
            }
        }
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
