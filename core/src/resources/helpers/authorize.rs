//! `toolkits.authorize`: the toolkit's Composio-managed auth config (found or created), then a connect link.

use crate::client::Client;
use crate::error::Result;
use crate::models::ConnectionLink;
use crate::resources::{AuthConfigCreateParams, AuthConfigListParams, AuthorizeParams, LinkParams};

pub(crate) async fn authorize(client: &Client, params: &AuthorizeParams) -> Result<ConnectionLink> {
    params.validate()?;
    let existing = client
        .auth_configs()
        .list(&AuthConfigListParams {
            toolkit_slug: Some(params.toolkit.clone()),
            is_composio_managed: Some(true),
            limit: Some(1),
            ..Default::default()
        })
        .await?;
    let auth_config_id = match existing.items.into_iter().find(|c| c.status == "ENABLED") {
        Some(config) => config.id,
        None => {
            let create = AuthConfigCreateParams::new(params.toolkit.clone());
            client.auth_configs().create(&create).await?.auth_config.id
        }
    };
    let link = LinkParams {
        callback_url: params.callback_url.clone(),
        ..LinkParams::new(auth_config_id, params.user_id.clone())
    };
    client.connected_accounts().link(&link).await
}
