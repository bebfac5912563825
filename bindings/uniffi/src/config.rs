//! The overrides a derived client may change (the options record, `ComposioConfig`, is generated into
//! options.rs from api/options.toml).

use std::collections::HashMap;
use std::time::Duration;

use composio::{AuthScheme, OptionOverrides};

/// Header pairs in name order (so a client's requests do not depend on a map's order).
pub(crate) fn sorted(map: HashMap<String, String>) -> Vec<(String, String)> {
    let mut pairs: Vec<_> = map.into_iter().collect();
    pairs.sort();
    pairs
}

/// What `withOptions` may change on a derived client; unset fields keep their value.
#[derive(Clone, Debug, Default, uniffi::Record)]
pub struct ComposioOverrides {
    #[uniffi(default)]
    pub timeout: Option<Duration>,
    #[uniffi(default)]
    pub max_retries: Option<u32>,
    #[uniffi(default)]
    pub auth_scheme: Option<AuthScheme>,
}

impl From<ComposioOverrides> for OptionOverrides {
    fn from(o: ComposioOverrides) -> Self {
        OptionOverrides {
            timeout: o.timeout,
            max_retries: o.max_retries,
            auth_scheme: o.auth_scheme,
        }
    }
}
