//! What a repository already does that `add` follows rather than the templates' own way: how
//! its `//go:generate` lines run packer-sdc (pinned by go.mod's `tool` directive, or an
//! installed binary, as HashiCorp's template does with `make install-packer-sdc`).

use std::fs;
use std::path::Path;

use crate::domain::model::PACKER_SDC_TOOL;
use crate::error::Error;
use crate::fs::repo;

/// The module whose `packer-sdc` command `go tool` runs.
const PACKER_SDC_MODULE: &str = "github.com/hashicorp/packer-plugin-sdk/cmd/packer-sdc";

/// How this repository runs packer-sdc, and a note when it is not the templates' way: `go tool
/// packer-sdc` where go.mod pins it with a `tool` directive; else what the existing
/// `//go:generate` lines run (`packer-sdc`, `go run …/packer-sdc`); else an installed
/// `packer-sdc`, since `go tool` needs the directive.
pub fn packer_sdc(root: &Path) -> Result<(String, Option<String>), Error> {
    let go_mod = repo::read_text(root, "go.mod")?.unwrap_or_default();
    if has_tool_directive(&go_mod) {
        return Ok((PACKER_SDC_TOOL.to_owned(), None));
    }
    let command = generate_command(root).unwrap_or_else(|| "packer-sdc".to_owned());
    let note = format!(
        "go.mod pins no packer-sdc with a `tool` directive: the new //go:generate lines run \
         `{command}`, as this repository does"
    );
    Ok((command, Some(note)))
}

/// Whether go.mod has `tool …/cmd/packer-sdc`, on its own line or in a `tool ( … )` block.
fn has_tool_directive(go_mod: &str) -> bool {
    let mut in_block = false;
    for line in go_mod
        .lines()
        .map(|l| l.split("//").next().unwrap_or_default().trim())
    {
        if in_block {
            in_block = line != ")";
            if line == PACKER_SDC_MODULE {
                return true;
            }
        } else if let Some(rest) = line.strip_prefix("tool") {
            let rest = rest.trim();
            if rest == "(" {
                in_block = true;
            } else if rest == PACKER_SDC_MODULE {
                return true;
            }
        }
    }
    false
}

/// The command the first `//go:generate … packer-sdc <subcommand>` line of the repository's Go
/// files runs, up to and including `packer-sdc`.
fn generate_command(root: &Path) -> Option<String> {
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let mut entries: Vec<_> = fs::read_dir(&dir).ok()?.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() && !name.starts_with('.') && name != "vendor" {
                pending.push(path);
            } else if kind.is_file() && name.ends_with(".go") {
                let text = fs::read_to_string(&path).unwrap_or_default();
                if let Some(command) = text.lines().find_map(command_of) {
                    return Some(command);
                }
            }
        }
    }
    None
}

/// `packer-sdc` or `go run …/packer-sdc` from a `//go:generate` line that runs it.
fn command_of(line: &str) -> Option<String> {
    let rest = line.strip_prefix("//go:generate ")?;
    let end = rest.find("packer-sdc")? + "packer-sdc".len();
    rest[end..]
        .starts_with(' ')
        .then(|| rest[..end].trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tool_directive_is_found_on_its_line_or_in_a_block() {
        let line = format!("module x\n\ntool {PACKER_SDC_MODULE}\n");
        let block = format!("module x\n\ntool (\n\t{PACKER_SDC_MODULE} // docs\n)\n");
        assert!(has_tool_directive(&line) && has_tool_directive(&block));
        assert!(!has_tool_directive(
            "module x\n\nrequire github.com/hashicorp/packer-plugin-sdk v0.5.2\n"
        ));
    }

    #[test]
    fn the_repository_s_own_generate_lines_are_followed() {
        let tmp = assert_fs::TempDir::new().unwrap();
        fs::write(tmp.path().join("go.mod"), "module x\n").unwrap();
        fs::create_dir_all(tmp.path().join("builder/x")).unwrap();
        fs::write(
            tmp.path().join("builder/x/config.go"),
            "package x\n\n//go:generate packer-sdc mapstructure-to-hcl2 -type Config\n",
        )
        .unwrap();
        let (command, note) = packer_sdc(tmp.path()).unwrap();
        assert_eq!(command, "packer-sdc");
        assert!(note.unwrap().contains("as this repository does"));
        assert_eq!(
            command_of("//go:generate go run github.com/hashicorp/packer-plugin-sdk/cmd/packer-sdc struct-markdown").as_deref(),
            Some("go run github.com/hashicorp/packer-plugin-sdk/cmd/packer-sdc")
        );
        fs::write(
            tmp.path().join("go.mod"),
            format!("module x\n\ntool {PACKER_SDC_MODULE}\n"),
        )
        .unwrap();
        assert_eq!(
            packer_sdc(tmp.path()).unwrap(),
            (PACKER_SDC_TOOL.to_owned(), None)
        );
    }
}
