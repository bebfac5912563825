//! Case conversions. Names keep their own capitals inside a word (`is_2FA_enabled` → `is2FAEnabled`).

use heck::{ToSnakeCase, ToUpperCamelCase};

/// `connected_accounts` → `connectedAccounts`; `is_2FA_enabled` → `is2FAEnabled`.
pub fn camel(snake: &str) -> String {
    let mut out = String::new();
    for (i, part) in snake.split('_').filter(|p| !p.is_empty()).enumerate() {
        if i == 0 {
            out.push_str(part);
        } else {
            let mut chars = part.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        }
    }
    out
}

/// `connected_accounts` → `ConnectedAccounts`.
pub fn upper_camel(snake: &str) -> String {
    snake.to_upper_camel_case()
}

/// `ProjectDetails` → `project_details`.
pub fn snake(name: &str) -> String {
    name.to_snake_case()
}

#[cfg(test)]
mod tests {
    #[test]
    fn camel_keeps_inner_capitals() {
        assert_eq!(super::camel("is_2FA_enabled"), "is2FAEnabled");
        assert_eq!(super::camel("regenerate_api_key"), "regenerateApiKey");
        assert_eq!(super::upper_camel("project_settings"), "ProjectSettings");
    }
}
