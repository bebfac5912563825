//! A few hand-written tools with the shapes real tool schemas have and generated ones lack: files in and out
//! (`file_uploadable`, `file_downloadable`), `$ref`/`$defs`, `anyOf`/`oneOf`/`allOf`, type lists with `null`,
//! `const`, and a slug over the 64 characters model APIs allow, so the agent layer's formats meet them for real.

use serde_json::{json, Value};

/// (toolkit, slug, name, description, input schema, output schema, tags).
pub struct AwkwardDef {
    pub toolkit: &'static str,
    pub slug: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub input: Value,
    pub output: Value,
    pub tags: &'static [&'static str],
    /// Runs without a connected account (a guess kept for the file tools, so a file round trip needs no
    /// connection set up first; `emulator/README.md` lists it).
    pub no_auth: bool,
}

/// The slug over 64 characters.
pub const LONG_SLUG: &str =
    "NOTION_CREATE_DATABASE_ROW_FROM_TEMPLATE_WITH_PROPERTIES_AND_NOTIFY_WORKSPACE_MEMBERS";

pub fn tools() -> Vec<AwkwardDef> {
    vec![
        AwkwardDef {
            toolkit: "googledrive",
            slug: "GOOGLEDRIVE_UPLOAD_FILE_TO_FOLDER",
            name: "Upload File To Folder",
            description: "Upload a local file into a Drive folder.",
            input: json!({
                "type": "object",
                "title": "UploadFileRequest",
                "properties": {
                    "file_to_upload": {"type": "string", "format": "path", "file_uploadable": true,
                                       "title": "File To Upload", "description": "The file to upload."},
                    "folder_id": {"type": ["string", "null"], "default": null,
                                  "description": "The folder to put it in (the root when null)."},
                    "options": {"anyOf": [{"$ref": "#/$defs/UploadOptions"}, {"type": "null"}], "default": null}
                },
                "required": ["file_to_upload"],
                "$defs": {"UploadOptions": {"type": "object", "title": "UploadOptions", "properties": {
                    "convert": {"type": "boolean", "default": false, "description": "Convert to a Google Docs format."},
                    "visibility": {"type": "string", "enum": ["private", "domain", "anyone"]},
                    "owner": {"$ref": "#/$defs/Person"}
                }},
                "Person": {"type": "object", "properties": {"email": {"type": "string", "format": "email"}}, "required": ["email"]}}
            }),
            output: json!({"type": "object", "properties": {"data": {"type": "object", "properties": {
                "id": {"type": "string"}, "name": {"type": "string"}}}}}),
            tags: &["file"],
            no_auth: true,
        },
        AwkwardDef {
            toolkit: "googledrive",
            slug: "GOOGLEDRIVE_DOWNLOAD_FILE_CONTENT",
            name: "Download File Content",
            description: "Download the content of a Drive file.",
            input: json!({
                "type": "object",
                "properties": {
                    "file_id": {"type": "string", "minLength": 1, "description": "The file's id."},
                    "mime_type": {"oneOf": [{"const": "application/pdf"}, {"const": "text/plain"}],
                                  "description": "Export as this type."}
                },
                "required": ["file_id"]
            }),
            output: json!({"type": "object", "properties": {"data": {"type": "object", "properties": {
                "file": {"type": "object", "file_downloadable": true, "properties": {
                    "name": {"type": "string"}, "mimetype": {"type": "string"}, "s3url": {"type": "string", "format": "uri"}}}}}}}),
            tags: &["file", "readOnlyHint"],
            no_auth: true,
        },
        AwkwardDef {
            toolkit: "notion",
            slug: LONG_SLUG,
            name: "Create Database Row From Template",
            description: "Create a row in a Notion database from a template, set its properties and notify members.",
            input: json!({
                "type": "object",
                "properties": {
                    "database_id": {"type": "string", "description": "The database."},
                    "template": {"allOf": [{"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]},
                                           {"properties": {"version": {"type": "integer", "const": 2}}}]},
                    "properties": {"type": "array", "maxItems": 50, "items": {"type": "object", "properties": {
                        "name": {"type": "string"},
                        "value": {"type": ["string", "number", "boolean"]},
                        "kind": {"type": "string", "enum": ["title", "rich_text", "number", "checkbox"]}
                    }, "required": ["name", "value"]}},
                    "notify": {"type": "object", "additionalProperties": {"type": "boolean"},
                               "description": "Member email → whether to notify them."},
                    "priority": {"type": "number", "minimum": 0, "maximum": 1, "multipleOf": 0.5}
                },
                "required": ["database_id", "properties"]
            }),
            output: json!({"type": "object", "properties": {"data": {"type": "object"}}}),
            tags: &[],
            no_auth: false,
        },
    ]
}
