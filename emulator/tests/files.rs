//! File uploads: the upload request, the emulator's own storage (no credential, MD5 checked) and the list.

mod common;

use common::setup;
use serde_json::json;

const REQUEST: &str = "/api/v3.1/files/upload/request";
/// MD5 of "hello world", hex and base64.
const HELLO_MD5: &str = "5eb63bbbe01eeed093cb22bb8f5acdc3";
const HELLO_MD5_B64: &str = "XrY7u+Ae7tCTyyK7j1rNww==";

#[tokio::test]
async fn upload_then_list_then_existing() {
    let ctx = setup().await;
    let p = ctx.project();
    let body = json!({"toolkit_slug": "gmail", "tool_slug": "GMAIL_CREATE_EMAIL", "filename": "a b.txt",
        "mimetype": "text/plain", "md5": HELLO_MD5_B64});
    let r = ctx.post(REQUEST, &p, body.clone()).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["type"], "new");
    assert_eq!(r.json["metadata"]["storage_backend"], "s3");
    let url = r.json["new_presigned_url"].as_str().unwrap().to_string();
    assert_eq!(r.json["newPresignedUrl"], url.as_str());
    let key = r.json["key"].as_str().unwrap();
    assert!(
        url.starts_with(&format!("{}/_storage/{key}?token=", ctx.emu.base_url)),
        "{url}"
    );

    // The SDK must not leak its key to storage.
    let leaked = ctx
        .http
        .put(&url)
        .header("x-api-key", &ctx.emu.api_key)
        .body("hello world")
        .send()
        .await
        .unwrap();
    assert_eq!(leaked.status(), 403);
    let leaked: serde_json::Value = leaked.json().await.unwrap();
    assert_eq!(leaked["error"]["slug"], "Storage_CredentialSent");
    for header in ["authorization", "x-org-api-key"] {
        let r = ctx
            .http
            .put(&url)
            .header(header, "Bearer x")
            .body("hello world")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{header}");
    }
    // A body that is not what was announced.
    let wrong = ctx.http.put(&url).body("hello there").send().await.unwrap();
    assert_eq!(wrong.status(), 400);
    let wrong: serde_json::Value = wrong.json().await.unwrap();
    assert_eq!(wrong["error"]["slug"], "Storage_Md5Mismatch");
    let bad_token = ctx
        .http
        .put(url.replace("token=", "token=x"))
        .body("hello world")
        .send()
        .await
        .unwrap();
    assert_eq!(bad_token.status(), 403);
    // Nothing is listed until the upload completes.
    let list = ctx.get("/api/v3.1/files/list", &p).await.json;
    assert_eq!(list["total_items"], 0);

    let put = ctx.http.put(&url).body("hello world").send().await.unwrap();
    assert_eq!(put.status(), 200);
    assert_eq!(put.headers()["etag"], format!("\"{HELLO_MD5}\"").as_str());
    let got = ctx.http.get(&url).send().await.unwrap();
    assert_eq!(got.headers()["content-type"], "text/plain");
    assert_eq!(got.text().await.unwrap(), "hello world");

    let list = ctx
        .get("/api/v3.1/files/list?toolkit_slug=gmail", &p)
        .await
        .json;
    assert_eq!(
        list["items"],
        json!([{"toolkit_slug": "gmail", "tool_slug": "GMAIL_CREATE_EMAIL", "filename": "a b.txt",
            "mimetype": "text/plain", "md5": HELLO_MD5}])
    );
    assert_eq!(
        ctx.get("/api/v3.1/files/list?tool_slug=OTHER", &p)
            .await
            .json["total_items"],
        0
    );

    // Same md5 and filename (hex this time): the existing variant.
    let mut again = body.clone();
    again["md5"] = json!(HELLO_MD5.to_uppercase());
    let r = ctx.post(REQUEST, &p, again).await;
    assert_eq!(r.json["type"], "existing");
    assert_eq!(r.json["key"], key);
    assert_eq!(r.json["existing_url"], r.json["existingUrl"]);
    // Another project does not see it.
    let other = vec![("x-api-key", ctx.emu.other_api_key.clone())];
    let r = ctx.post(REQUEST, &other, body).await;
    assert_eq!(r.json["type"], "new");
    assert_eq!(
        ctx.get("/api/v3.1/files/list", &other).await.json["total_items"],
        0
    );
}

#[tokio::test]
async fn upload_request_is_validated() {
    let ctx = setup().await;
    let p = ctx.project();
    ctx.post(
        REQUEST,
        &p,
        json!({"toolkit_slug": "gmail", "tool_slug": "T", "filename": "f", "mimetype": "text/plain"}),
    )
    .await
    .assert_error(400, "File_InvalidRequest");
    ctx.post(
        REQUEST,
        &p,
        json!({"toolkit_slug": "gmail", "tool_slug": "T", "filename": "f", "mimetype": "text/plain", "md5": "xyz"}),
    )
    .await
    .assert_error(400, "File_InvalidRequest");
    ctx.get("/_storage/nope?token=x", &[])
        .await
        .assert_error(404, "Storage_NotFound");
}

/// A session's mount: the presigned PUT stores the bytes, the download URL gives them back with their type, the
/// storage refuses a Composio key and a wrong token, and deleting the session deletes its files.
#[tokio::test]
async fn a_session_mount_round_trip() {
    let ctx = setup().await;
    let p = ctx.project();
    let created = ctx
        .post(
            "/api/v3.1/tool_router/session",
            &p,
            json!({"user_id": "mounts"}),
        )
        .await;
    let id = created.json["session_id"].as_str().unwrap().to_string();
    let mount = format!("/api/v3.1/tool_router/session/{id}/mounts/files");
    let upload = ctx
        .post(
            &format!("{mount}/upload_url"),
            &p,
            json!({"mount_relative_path": "out/chart.svg", "mimetype": "image/svg+xml"}),
        )
        .await;
    assert_eq!(upload.status, 200, "{}", upload.text);
    let url = upload.json["upload_url"].as_str().unwrap().to_string();
    let put = |key: Option<&str>, url: String| {
        let mut request = ctx.http.put(url).body("<svg/>");
        if let Some(key) = key {
            request = request.header("x-api-key", key);
        }
        request.send()
    };
    let leaked = put(Some(&ctx.emu.api_key), url.clone()).await.unwrap();
    assert_eq!(leaked.status(), 403);
    let forged = put(None, url.replace("token=", "token=x")).await.unwrap();
    assert_eq!(forged.status(), 403);
    assert_eq!(put(None, url).await.unwrap().status(), 200);

    let listed = ctx.get(&format!("{mount}/items"), &p).await;
    assert_eq!(
        listed.json["items"][0]["mount_relative_path"],
        "out/chart.svg"
    );
    assert_eq!(listed.json["items"][0]["size"], 6);
    let download = ctx
        .post(
            &format!("{mount}/download_url"),
            &p,
            json!({"mount_relative_path": "out/chart.svg"}),
        )
        .await;
    let got = ctx
        .http
        .get(download.json["download_url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(got.headers()["content-type"], "image/svg+xml");
    assert_eq!(got.text().await.unwrap(), "<svg/>");

    let deleted = ctx
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v3.1/tool_router/session/{id}"),
            &p,
            None,
        )
        .await;
    assert_eq!(deleted.status, 200, "{}", deleted.text);
    ctx.get(&format!("{mount}/items"), &p)
        .await
        .assert_error(404, "ToolRouterSession_NotFound");
}
