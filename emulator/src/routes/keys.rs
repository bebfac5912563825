//! `GET /keyring/transfer_keys` (the RSA public key to encrypt credentials with: one fixed key, the emulator
//! decrypts nothing) and `POST /api_key_revocation` (no credential: every reported key the emulator knows stops
//! working, project keys and user keys alike).

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use bytes::Bytes;
use serde_json::{json, Value};

use crate::auth::ProjectAuth;
use crate::errors::{ApiError, ApiResult};
use crate::routes::{json_object, optional_strings};
use crate::shared::{lock, AppState};

const KID: &str = "emulator-transfer-1";

pub fn api() -> Router<AppState> {
    Router::new()
        .route("/keyring/transfer_keys", get(transfer_keys))
        .route("/api_key_revocation", post(revoke))
}

async fn transfer_keys(_auth: ProjectAuth) -> Json<Value> {
    // A 2048-bit modulus of a fixed pattern: well-formed as a JWK, not a usable key.
    let modulus: Vec<u8> = (0..256u32).map(|i| (i * 37 + 0xC5) as u8 | 0x80).collect();
    let n = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(modulus);
    Json(json!({
        "success": true,
        "active_kid": KID,
        "keys": [{"kty": "RSA", "n": n, "e": "AQAB", "alg": "RSA-OAEP-256", "use": "enc", "kid": KID}],
    }))
}

async fn revoke(State(state): State<AppState>, body: Bytes) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let keys = optional_strings(&body, "api_keys", "ApiKey_InvalidRequest")?
        .filter(|k| !k.is_empty())
        .ok_or_else(|| {
            ApiError::bad_request(
                "ApiKey_InvalidRequest",
                "api_keys must be a non-empty array of strings",
            )
        })?;
    let mut store = lock(&state.store);
    for key in store
        .project_keys
        .iter_mut()
        .filter(|k| keys.contains(&k.key))
    {
        key.current = false;
    }
    store.user_keys.retain(|k| !keys.contains(&k.key));
    Ok(Json(json!({ "received": true })))
}
