//! When to try a call again, and how long to wait first.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

const INITIAL_BACKOFF: f64 = 0.5;
const MAX_BACKOFF: f64 = 8.0;
const MAX_SERVER_WAIT: Duration = Duration::from_secs(60);

/// Statuses the official clients retry: timeouts, lock conflicts, rate limits and server errors.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 409 | 429) || status >= 500
}

/// `x-should-retry: true|false` from the server overrides the status rule.
pub(crate) fn server_says_retry(headers: &HeaderMap) -> Option<bool> {
    match headers.get("x-should-retry")?.to_str().ok()? {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// The wait the server asked for, from `retry-after-ms` or `Retry-After` (seconds or an HTTP date).
pub(crate) fn requested_wait(headers: &HeaderMap) -> Option<Duration> {
    if let Some(ms) =
        header_str(headers, "retry-after-ms").and_then(|v| v.trim().parse::<f64>().ok())
    {
        return Duration::try_from_secs_f64(ms / 1000.0).ok();
    }
    let value = header_str(headers, "retry-after")?.trim();
    if let Ok(secs) = value.parse::<f64>() {
        return Duration::try_from_secs_f64(secs).ok();
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name)?.to_str().ok()
}

/// The pause before retry number `retry` (0-based): the server's wish when it is within 0..=60 s,
/// else `min(0.5 * 2^retry, 8)` seconds minus up to 25% jitter (so clients that failed together spread out).
pub(crate) fn backoff(retry: u32, requested: Option<Duration>) -> Duration {
    if let Some(wait) = requested.filter(|w| *w <= MAX_SERVER_WAIT) {
        return wait;
    }
    let base = (INITIAL_BACKOFF * 2f64.powi(retry.min(16) as i32)).min(MAX_BACKOFF);
    Duration::from_secs_f64(base * (1.0 - 0.25 * fastrand::f64()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn exponential_with_cap_and_jitter() {
        for (retry, max) in [(0, 0.5), (1, 1.0), (2, 2.0), (5, 8.0), (30, 8.0)] {
            let d = backoff(retry, None).as_secs_f64();
            assert!(d <= max && d >= max * 0.75, "retry {retry}: {d}");
        }
    }

    #[test]
    fn honours_server_wait_within_sixty_seconds_only() {
        assert_eq!(
            backoff(3, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
        assert_eq!(backoff(0, Some(Duration::ZERO)), Duration::ZERO);
        assert!(backoff(0, Some(Duration::from_secs(61))) <= Duration::from_millis(500));
    }

    #[test]
    fn parses_retry_after_forms() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_static("3"));
        assert_eq!(requested_wait(&h), Some(Duration::from_secs(3)));
        h.insert("retry-after-ms", HeaderValue::from_static("150"));
        assert_eq!(requested_wait(&h), Some(Duration::from_millis(150)));
        let mut h = HeaderMap::new();
        let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        h.insert("retry-after", HeaderValue::from_str(&date).unwrap());
        let wait = requested_wait(&h).unwrap();
        assert!(
            wait <= Duration::from_secs(30) && wait >= Duration::from_secs(28),
            "{wait:?}"
        );
        h.insert("retry-after", HeaderValue::from_static("soon"));
        assert_eq!(requested_wait(&h), None);
    }
}
