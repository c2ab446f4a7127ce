//! Identifiers and names that end up in file names and CSV cells: the safe character set of
//! ids (checked by `vigil check`), and the folder name made from a scenario's free-text name.
//!
//! Ids of networks, sensors, missile classes, launches, defended areas and architectures name
//! output files (`tracks-<architecture>.csv`) and fill CSV cells, so they are restricted to
//! 1 to [`MAX_ID_LEN`] characters from `A–Z a–z 0–9 _ . -`, not starting with `.` or `-`: no
//! path separators, no `..`, no commas, quotes, spaces or line breaks, no option look-alikes.
//! A scenario's `name` is free text; the default output folder uses [`folder_name`] of it, which
//! always stays one plain folder inside `vigil-out/`.

/// Longest id accepted, characters.
pub const MAX_ID_LEN: usize = 64;

/// Longest folder name [`folder_name`] makes, characters.
pub const MAX_FOLDER_NAME_LEN: usize = 64;

/// Whether `c` may appear in an id (and in a folder name made by [`folder_name`]).
pub fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// Why `id` is not a safe identifier, or None when it is one (see the [module](self) rules).
pub fn id_problem(id: &str) -> Option<String> {
    if id.is_empty() {
        return Some("it is empty".into());
    }
    let n = id.chars().count();
    if n > MAX_ID_LEN {
        return Some(format!("it has {n} characters, more than {MAX_ID_LEN}"));
    }
    if let Some(c) = id.chars().find(|c| !is_id_char(*c)) {
        return Some(format!("it contains {c:?}"));
    }
    if id.starts_with('.') || id.starts_with('-') {
        return Some(format!("it starts with {:?}", &id[..1]));
    }
    None
}

/// The plain folder name for a scenario called `name`: every run of characters outside
/// `A–Z a–z 0–9 _ . -` becomes one `-`, leading `.` and `-` and trailing `-` are dropped, at most
/// [`MAX_FOLDER_NAME_LEN`] characters are kept, and an empty result becomes `scenario`. The
/// result is never `.`, `..`, absolute, or more than one path component.
pub fn folder_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if is_id_char(c) {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed: String = out
        .trim_start_matches(['.', '-'])
        .chars()
        .take(MAX_FOLDER_NAME_LEN)
        .collect();
    let trimmed = trimmed.trim_end_matches('-');
    if trimmed.is_empty() {
        "scenario".into()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Safe ids pass; each way of breaking the rule is named.
    #[test]
    fn ids_are_checked_against_the_safe_set() {
        for ok in ["north", "L1", "radar-only", "a.b_c-9", "x"] {
            assert_eq!(id_problem(ok), None, "{ok}");
        }
        for (bad, why) in [
            ("", "empty"),
            ("a/b", "'/'"),
            ("a,b", "','"),
            ("a\nb", "'\\n'"),
            ("a b", "' '"),
            ("ü", "'ü'"),
            (".hidden", "starts with \".\""),
            ("..", "starts with \".\""),
            ("-x", "starts with \"-\""),
        ] {
            let got = id_problem(bad).unwrap_or_default();
            assert!(got.contains(why), "{bad:?}: {got}");
        }
        assert!(id_problem(&"a".repeat(MAX_ID_LEN)).is_none());
        assert!(id_problem(&"a".repeat(MAX_ID_LEN + 1)).is_some());
    }

    /// Folder names stay one plain component whatever the scenario's name.
    #[test]
    fn folder_names_stay_one_plain_component() {
        for (name, folder) in [
            ("default", "default"),
            (
                "Two networks, ocean launches",
                "Two-networks-ocean-launches",
            ),
            ("../../x", "x"),
            ("/etc/passwd", "etc-passwd"),
            ("..", "scenario"),
            (".", "scenario"),
            ("", "scenario"),
            ("a\\..\\b", "a-..-b"),
            ("Ärger", "rger"),
        ] {
            assert_eq!(folder_name(name), folder, "{name:?}");
        }
        let long = folder_name(&"y".repeat(500));
        assert_eq!(long.len(), MAX_FOLDER_NAME_LEN);
        for name in [
            "../..",
            "a/../../b",
            "/",
            "\\\\server\\share",
            "C:\\x",
            "..\\..",
        ] {
            let f = folder_name(name);
            let path = std::path::Path::new(&f);
            assert_eq!(path.components().count(), 1, "{name:?} → {f:?}");
            assert!(
                matches!(
                    path.components().next(),
                    Some(std::path::Component::Normal(_))
                ),
                "{name:?} → {f:?}"
            );
            assert!(id_problem(&f).is_none(), "{name:?} → {f:?}");
        }
    }
}
