//! Tera filters that turn free text into a literal of the file type it lands in, so that text
//! is always data and never code.

use tera::{Kwargs, State, Tera};

/// Registers every escaping filter on `tera`. A filter given anything but a string is an error
/// that tera reports with the template and the place.
pub fn register(tera: &mut Tera) {
    tera.register_filter("go_string", escaping(go_string));
    tera.register_filter("hcl_string", escaping(hcl_string));
    tera.register_filter("yaml_string", escaping(yaml_string));
    tera.register_filter("toml_string", escaping(toml_string));
}

fn escaping(escape: fn(&str) -> String) -> impl Fn(&str, Kwargs, &State) -> String {
    move |text, _, _| escape(text)
}

/// Escapes one character the way C-like languages (Go, YAML, TOML) spell it in a
/// double-quoted string; `None` means the character stands for itself.
fn c_escape(c: char, unicode_escape: fn(u32) -> String) -> Option<String> {
    match c {
        '\\' => Some("\\\\".into()),
        '"' => Some("\\\"".into()),
        '\n' => Some("\\n".into()),
        '\r' => Some("\\r".into()),
        '\t' => Some("\\t".into()),
        c if c.is_control() => Some(unicode_escape(c as u32)),
        _ => None,
    }
}

fn quote_with(text: &str, unicode_escape: fn(u32) -> String) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c_escape(c, unicode_escape) {
            Some(escaped) => out.push_str(&escaped),
            None => out.push(c),
        }
    }
    out.push('"');
    out
}

fn long_unicode(code: u32) -> String {
    format!("\\u{code:04x}")
}

/// A Go interpreted string literal.
pub fn go_string(text: &str) -> String {
    quote_with(text, long_unicode)
}

/// A TOML basic string.
pub fn toml_string(text: &str) -> String {
    quote_with(text, long_unicode)
}

/// A YAML double-quoted scalar.
pub fn yaml_string(text: &str) -> String {
    quote_with(text, long_unicode)
}

/// An HCL quoted template: `${` and `%{` would start an interpolation or directive, so they
/// are doubled as HCL requires.
pub fn hcl_string(text: &str) -> String {
    quote_with(text, long_unicode)
        .replace("${", "$${")
        .replace("%{", "%%{")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_strings_escape_quotes_and_backslashes() {
        assert_eq!(go_string(r#"say "hi" \o/"#), r#""say \"hi\" \\o/""#);
        assert_eq!(go_string("tab\there"), r#""tab\there""#);
        assert_eq!(go_string("Zoë `{{ x }}`"), "\"Zoë `{{ x }}`\"");
    }

    #[test]
    fn hcl_strings_escape_interpolation() {
        assert_eq!(hcl_string("cost ${x} %{if}"), r#""cost $${x} %%{if}""#);
        assert_eq!(hcl_string(r#"a"b"#), r#""a\"b""#);
    }

    #[test]
    fn yaml_and_toml_strings_escape_control_characters() {
        assert_eq!(yaml_string("a\u{7}b: c"), r#""a\u0007b: c""#);
        assert_eq!(toml_string(r"C:\x"), r#""C:\\x""#);
    }
}
