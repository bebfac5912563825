//! RFC 3339 timestamps without a date crate, strictly increasing so "newest first" is well defined.

use std::time::{SystemTime, UNIX_EPOCH};

/// Hands out millisecond timestamps that never repeat or go backwards.
#[derive(Debug, Default)]
pub struct Clock {
    last_ms: u64,
    /// Added to the system time: `POST /_emulator/clock` moves the emulator's time forward so tests can expire
    /// links without waiting.
    offset_ms: u64,
}

impl Clock {
    pub fn next(&mut self) -> String {
        format_rfc3339_ms(self.next_ms())
    }

    /// The same instant as `next`, in milliseconds since the epoch.
    pub fn next_ms(&mut self) -> u64 {
        self.last_ms = self.now_ms().max(self.last_ms + 1);
        self.last_ms
    }

    /// The emulator's current time (system time plus the offset), without consuming a timestamp.
    pub fn now_ms(&self) -> u64 {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0);
        now + self.offset_ms
    }

    pub fn advance(&mut self, ms: u64) {
        self.offset_ms = self.offset_ms.saturating_add(ms);
    }
}

/// Formats milliseconds since the epoch as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
pub fn format_rfc3339_ms(ms: u64) -> String {
    let secs = ms / 1000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60,
        ms % 1000
    )
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_rfc3339_ms(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            format_rfc3339_ms(1_709_251_200_123),
            "2024-03-01T00:00:00.123Z"
        );
    }
}
