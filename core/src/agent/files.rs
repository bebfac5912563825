//! Files in and out of tool calls, opt-in (`files: "auto"`). An input marked `file_uploadable` takes a local
//! path, which is uploaded (`files.upload`) and replaced by `{name, mimetype, s3key}`; an output of a tool whose
//! schema marks `file_downloadable` carries `s3url`s, each downloaded into the chosen directory and replaced by
//! `{name, mimetype, path, size}`. A model chooses the paths, so uploads are refused outside the directories
//! the app allowed (after symlinks and `..` are resolved), and a downloaded file's name never leaves its directory.

use std::path::{Component, Path, PathBuf};

use serde_json::{json, Map, Value};
use tokio::io::AsyncWriteExt;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::file_options::{FileMode, FileOptions};
use crate::resources::UploadParams;

impl FileOptions {
    /// The options from JSON, as a toolset takes them: `{"files": "auto", "upload_dirs": [...],
    /// "download_dir": "..."}` (unknown keys refused).
    pub fn from_json(value: Value) -> Result<Self> {
        let options = super::options::ToolsetOptions::from_json(value)?;
        Self::merged(
            None,
            options.files,
            options.upload_dirs.as_ref(),
            options.download_dir.as_ref(),
        )
    }

    /// The directories made absolute and real (a typed error, before any request, when one is missing).
    pub(crate) fn resolve(self) -> Result<Option<Files>> {
        if self.mode == FileMode::Off {
            return Ok(None);
        }
        let mut upload_dirs = Vec::with_capacity(self.upload_dirs.len());
        for dir in &self.upload_dirs {
            let real = std::fs::canonicalize(dir).map_err(|e| {
                Error::configuration(format!("the upload directory {dir:?} cannot be used: {e}"))
            })?;
            if !real.is_dir() {
                return Err(Error::configuration(format!(
                    "the upload directory {dir:?} is not a directory"
                )));
            }
            upload_dirs.push(real);
        }
        let download_dir = self
            .download_dir
            .unwrap_or_else(|| std::env::temp_dir().join("composio-downloads"));
        std::fs::create_dir_all(&download_dir)
            .and_then(|_| std::fs::canonicalize(&download_dir))
            .map(|download_dir| {
                Some(Files {
                    upload_dirs,
                    download_dir,
                })
            })
            .map_err(|e| {
                Error::configuration(format!(
                    "the download directory {download_dir:?} cannot be used: {e}"
                ))
            })
    }
}

/// Resolved file settings of a toolset with `files: "auto"`.
#[derive(Debug, Clone)]
pub(crate) struct Files {
    upload_dirs: Vec<PathBuf>,
    download_dir: PathBuf,
}

/// Whether a schema marks a property `key` (`file_uploadable`, `file_downloadable`) anywhere.
pub(crate) fn marks(schema: &Value, key: &str) -> bool {
    match schema {
        Value::Object(map) => {
            map.get(key) == Some(&Value::Bool(true)) || map.values().any(|v| marks(v, key))
        }
        Value::Array(items) => items.iter().any(|v| marks(v, key)),
        _ => false,
    }
}

impl Files {
    /// Uploads every `file_uploadable` argument given as a path; the words say why one could not be.
    pub(crate) async fn upload_inputs(
        &self,
        client: &Client,
        tool: (&str, &str),
        schema: &Value,
        arguments: &mut Map<String, Value>,
    ) -> std::result::Result<(), String> {
        let root = resolve_ref(schema, schema);
        let Some(properties) = root.get("properties").and_then(Value::as_object) else {
            return Ok(());
        };
        for (key, property) in properties {
            let property = resolve_ref(schema, property);
            let Some(value) = arguments.get_mut(key) else {
                continue;
            };
            self.upload_value(client, tool, schema, property, value)
                .await?;
        }
        Ok(())
    }

    fn upload_value<'a>(
        &'a self,
        client: &'a Client,
        tool: (&'a str, &'a str),
        root: &'a Value,
        property: &'a Value,
        value: &'a mut Value,
    ) -> futures_util::future::BoxFuture<'a, std::result::Result<(), String>> {
        Box::pin(async move {
            if property.get("file_uploadable") == Some(&Value::Bool(true)) {
                if let Value::String(path) = value {
                    *value = self.upload(client, tool, path).await?;
                }
                return Ok(());
            }
            match value {
                Value::Object(map) => {
                    if let Some(properties) = property.get("properties").and_then(Value::as_object)
                    {
                        for (key, inner) in properties {
                            if let Some(v) = map.get_mut(key) {
                                let inner = resolve_ref(root, inner);
                                self.upload_value(client, tool, root, inner, v).await?;
                            }
                        }
                    }
                }
                Value::Array(items) => {
                    if let Some(inner) = property.get("items") {
                        let inner = resolve_ref(root, inner);
                        for v in items {
                            self.upload_value(client, tool, root, inner, v).await?;
                        }
                    }
                }
                _ => {}
            }
            Ok(())
        })
    }

    async fn upload(
        &self,
        client: &Client,
        (toolkit, slug): (&str, &str),
        asked: &str,
    ) -> std::result::Result<Value, String> {
        let path = self.allowed(asked)?;
        let params = UploadParams {
            toolkit_slug: toolkit.to_string(),
            tool_slug: slug.to_string(),
            path: Some(path.to_string_lossy().into_owned()),
            ..Default::default()
        };
        let uploaded =
            client.files().upload(&params).await.map_err(|e| {
                format!("The file {asked:?} could not be uploaded: {}", e.message())
            })?;
        Ok(json!({"name": uploaded.filename, "mimetype": uploaded.mimetype, "s3key": uploaded.key}))
    }

    /// The real path of a file the model asked to upload, when it lies inside an allowed directory. A path
    /// outside them is refused before anything is read, so the answer says nothing about whether it exists.
    fn allowed(&self, asked: &str) -> std::result::Result<PathBuf, String> {
        if self.upload_dirs.is_empty() {
            return Err(format!(
                "Uploading {asked:?} is not allowed: this app allows no file uploads."
            ));
        }
        let given = Path::new(asked);
        let candidates: Vec<PathBuf> = if given.is_absolute() {
            vec![given.to_path_buf()]
        } else {
            self.upload_dirs.iter().map(|d| d.join(given)).collect()
        };
        let inside = |p: &Path| self.upload_dirs.iter().any(|d| p.starts_with(d));
        let mut refused = false;
        for candidate in candidates {
            let real = std::fs::canonicalize(&candidate).unwrap_or_else(|_| lexical(&candidate));
            if !inside(&real) {
                refused = true;
                continue;
            }
            if real.is_file() {
                return Ok(real);
            }
        }
        let dirs: Vec<String> = self
            .upload_dirs
            .iter()
            .map(|d| d.display().to_string())
            .collect();
        if refused {
            Err(format!(
                "Uploading {asked:?} is not allowed: files can only be uploaded from {}.",
                dirs.join(", ")
            ))
        } else {
            Err(format!(
                "There is no file {asked:?} in {}.",
                dirs.join(", ")
            ))
        }
    }

    /// Downloads every `s3url` of a result's data and replaces its object by where the file now is.
    pub(crate) async fn download_outputs(
        &self,
        client: &Client,
        data: &mut Value,
    ) -> std::result::Result<(), String> {
        match data {
            Value::Object(map) => {
                if let Some(Value::String(url)) = map.get("s3url") {
                    let url = url.clone();
                    *data = self.download(client, map, &url).await?;
                    return Ok(());
                }
                for v in map.values_mut() {
                    Box::pin(self.download_outputs(client, v)).await?;
                }
            }
            Value::Array(items) => {
                for v in items {
                    Box::pin(self.download_outputs(client, v)).await?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    async fn download(
        &self,
        client: &Client,
        file: &Map<String, Value>,
        url: &str,
    ) -> std::result::Result<Value, String> {
        let failed = |why: String| format!("The tool's file could not be downloaded: {why}");
        let parsed = crate::resources::helpers::storage_url(url)
            .map_err(|why| failed(format!("the s3url {why}")))?;
        let name = file
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| {
                parsed
                    .path_segments()
                    .and_then(|mut s| s.next_back())
                    .map(str::to_string)
            })
            .unwrap_or_default();
        // Storage is another origin: no Composio credential, none of the client's default headers.
        let mut response = client
            .shared
            .http
            .get(parsed)
            .timeout(client.settings.timeout)
            .send()
            .await
            .map_err(|e| failed(e.without_url().to_string()))?;
        if !response.status().is_success() {
            return Err(failed(format!("storage answered {}", response.status())));
        }
        let (path, mut out) = self.create(&safe_name(&name)).await.map_err(failed)?;
        let mut size = 0u64;
        let written: std::result::Result<(), String> = async {
            while let Some(chunk) = response
                .chunk()
                .await
                .map_err(|e| e.without_url().to_string())?
            {
                size += chunk.len() as u64;
                out.write_all(&chunk).await.map_err(|e| e.to_string())?;
            }
            out.flush().await.map_err(|e| e.to_string())
        }
        .await;
        if let Err(why) = written {
            let _ = tokio::fs::remove_file(&path).await;
            return Err(failed(why));
        }
        let mimetype = file.get("mimetype").cloned().unwrap_or(Value::Null);
        Ok(
            json!({"name": name, "mimetype": mimetype, "path": path.to_string_lossy(), "size": size}),
        )
    }

    /// A new file in the download directory: `name`, else `name (1)`, `name (2)`, … (never an existing one).
    async fn create(&self, name: &str) -> std::result::Result<(PathBuf, tokio::fs::File), String> {
        let (stem, ext) = match name.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
            _ => (name, String::new()),
        };
        for n in 0..1000 {
            let file = if n == 0 {
                name.to_string()
            } else {
                format!("{stem} ({n}){ext}")
            };
            let path = self.download_dir.join(file);
            match tokio::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .await
            {
                Ok(out) => return Ok((path, out)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(format!("{}: {e}", path.display())),
            }
        }
        Err(format!(
            "too many files named {name} in the download directory"
        ))
    }
}

/// The target of a local `$ref` (`#/$defs/…`, `#/definitions/…`), or the schema itself.
fn resolve_ref<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
        return schema;
    };
    reference
        .strip_prefix('#')
        .and_then(|pointer| root.pointer(pointer))
        .unwrap_or(schema)
}

/// `path` with `.` and `..` taken out without touching the disk (for a path that does not exist).
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// A file name that stays in its directory: the last component, unusual characters replaced, no leading dot.
fn safe_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ' | '(' | ')') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches(['.', ' ']).trim_end();
    if cleaned.is_empty() {
        "download".into()
    } else {
        cleaned.chars().take(200).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_stay_in_their_directory() {
        assert_eq!(safe_name("../../.bashrc"), "bashrc");
        assert_eq!(safe_name("a/b\\c.txt"), "c.txt");
        assert_eq!(safe_name(".."), "download");
        assert_eq!(safe_name("report (final).pdf"), "report (final).pdf");
    }

    #[test]
    fn lexical_paths_drop_dots() {
        assert_eq!(lexical(Path::new("/a/b/../c/./d")), PathBuf::from("/a/c/d"));
    }

    #[test]
    fn marks_are_found_at_any_depth() {
        let schema = json!({"properties": {"a": {"items": {"file_uploadable": true}}}});
        assert!(marks(&schema, "file_uploadable"));
        assert!(!marks(&schema, "file_downloadable"));
    }
}
