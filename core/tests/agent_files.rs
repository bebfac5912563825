//! Files through the agent layer against the emulator: uploads only from the allowed directories (symlinks
//! followed), downloads into the chosen one with names that stay there, and the client's setting as the default.

mod common;

use std::path::PathBuf;

use composio::agent::{Arguments, FileMode, FileOptions, Format, ToolsetOptions};
use serde_json::{json, Value};

const UPLOAD: &str = "GOOGLEDRIVE_UPLOAD_FILE_TO_FOLDER";
const DOWNLOAD: &str = "GOOGLEDRIVE_DOWNLOAD_FILE_CONTENT";

struct Dirs {
    _root: common::TempDir,
    allowed: PathBuf,
    secret: PathBuf,
    downloads: PathBuf,
}

fn dirs() -> Dirs {
    let root = common::TempDir::new("files");
    let real = std::fs::canonicalize(root.path()).unwrap();
    let (allowed, secret) = (real.join("allowed"), real.join("secret"));
    std::fs::create_dir_all(&allowed).unwrap();
    std::fs::create_dir_all(&secret).unwrap();
    std::fs::write(allowed.join("report.txt"), "quarterly numbers\n").unwrap();
    std::fs::write(secret.join("id_rsa"), "not a key\n").unwrap();
    Dirs {
        downloads: real.join("downloads"),
        allowed,
        secret,
        _root: root,
    }
}

fn options(tool: &str) -> ToolsetOptions {
    ToolsetOptions {
        user_id: "user-1".into(),
        tools: vec![tool.into()],
        ..Default::default()
    }
}

fn upload_args(path: &str) -> Arguments {
    Arguments::Json(json!({ "file_to_upload": path }))
}

#[tokio::test]
async fn a_symlink_out_of_an_allowed_directory_is_refused() {
    let emu = common::emulator().await;
    let d = dirs();
    std::os::unix::fs::symlink(d.secret.join("id_rsa"), d.allowed.join("innocent.txt")).unwrap();
    let client = common::client(&emu).with_files(FileOptions::auto(vec![d.allowed.clone()], None));
    let toolset = client.toolset(options(UPLOAD)).await.unwrap();
    let result = toolset.execute(UPLOAD, upload_args("innocent.txt")).await;
    assert!(!result.successful);
    let error = result.error.unwrap();
    assert!(error.contains("is not allowed"), "{error}");
    // Nothing was asked of the API: the refusal comes before any upload request.
    let requests = common::admin(&emu, "GET", "/_emulator/requests", None).await;
    assert!(
        !requests.to_string().contains("/files/upload/request"),
        "{requests}"
    );
}

#[tokio::test]
async fn the_clients_setting_is_the_default_and_a_toolset_may_turn_it_off() {
    let emu = common::emulator().await;
    let d = dirs();
    let client = common::client(&emu).with_files(FileOptions::auto(vec![d.allowed.clone()], None));
    let on = client.toolset(options(UPLOAD)).await.unwrap();
    let done = on.execute(UPLOAD, upload_args("report.txt")).await;
    assert!(done.successful, "{done:?}");
    assert_eq!(done.data["size"], json!(18));

    let off = client
        .toolset(ToolsetOptions {
            files: Some(FileMode::Off),
            upload_dirs: Some(vec![]),
            ..options(UPLOAD)
        })
        .await
        .unwrap();
    let passed = off.execute(UPLOAD, upload_args("report.txt")).await;
    assert!(!passed.successful);
    assert!(passed
        .error
        .unwrap()
        .contains("upload the local file first"));
}

#[tokio::test]
async fn downloads_land_in_the_chosen_directory_under_new_names_and_handle_reports_the_path() {
    let emu = common::emulator().await;
    let d = dirs();
    let toolset = common::client(&emu)
        .toolset(ToolsetOptions {
            files: Some(FileMode::Auto),
            download_dir: Some(d.downloads.clone()),
            format: Format::OpenAi,
            ..options(DOWNLOAD)
        })
        .await
        .unwrap();
    let call = |id: &str| {
        json!({"id": id, "type": "function",
               "function": {"name": DOWNLOAD, "arguments": "{\"file_id\": \"f1\"}"}})
    };
    let response = json!({"choices": [{"message": {"role": "assistant",
        "tool_calls": [call("c1"), call("c2")]}}]});
    let outputs = toolset.handle(&response).await.unwrap();
    let mut paths: Vec<String> = outputs
        .iter()
        .map(|o| {
            let content: Value = serde_json::from_str(o["content"].as_str().unwrap()).unwrap();
            content["data"]["file"]["path"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    paths.sort();
    let expected = [d.downloads.join("f1 (1).txt"), d.downloads.join("f1.txt")];
    assert_eq!(
        paths,
        expected
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
    );
    for path in expected {
        assert_eq!(
            std::fs::read_to_string(path).unwrap(),
            "Contents of Drive file f1\n"
        );
    }
}
