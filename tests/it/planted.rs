//! Journals planted in a repository (`.packer-scaffold.journal/`, as a killed run leaves one)
//! that name paths the writer would never write: into `.git`, through a folder linked outside
//! the repository, a deletion outside it, a staged file that is a link. Every command that
//! finishes interrupted changes (even `list`) refuses them with exit 2 naming the entry, and
//! changes nothing, inside the repository or out.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

use crate::support::{Repo, entries};

/// A journal decided (`prepared`) or failed (`rolling-back`) with one `entry` (TOML lines),
/// its staged bytes in `new/0` and, if given, its backup in `old/0`.
fn plant(repo: &Path, state: &str, dirs: &str, entry: &str, backup: Option<&str>) {
    let journal = repo.join(".packer-scaffold.journal");
    fs::create_dir_all(journal.join("new")).unwrap();
    fs::create_dir_all(journal.join("old")).unwrap();
    fs::write(journal.join("command"), "add builder evil").unwrap();
    fs::write(journal.join("new/0"), "#!/bin/sh\necho pwned\n").unwrap();
    if let Some(bytes) = backup {
        fs::write(journal.join("old/0"), bytes).unwrap();
    }
    let record = format!(
        "command = \"add builder evil\"\nstate = \"{state}\"\ndirs = [{dirs}]\n\n[[entry]]\n{entry}\n"
    );
    fs::write(journal.join("record.toml"), record).unwrap();
}

/// Runs `list` and `add` in the repository: each exits 2, names `names`, gives a help line,
/// and leaves the repository and `outside` (a folder elsewhere) exactly as they were.
#[track_caller]
fn refused(fixture: &Repo, outside: &Path, names: &str) {
    let repo = fixture.path();
    let (before, before_outside) = (entries(repo), entries(outside));
    for command in [&["list"][..], &["add", "datasource", "two", "--no-tidy"]] {
        let out = fixture.cmd(command).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command:?}: {stderr}");
        assert!(stderr.contains(names), "{command:?}: {stderr}");
        assert!(
            stderr.contains("refused the interrupted change"),
            "{stderr}"
        );
        assert!(
            stderr.contains("\nhelp: ") && stderr.contains("rm -r"),
            "{stderr}"
        );
        assert_eq!(entries(repo), before, "{command:?} changed the repository");
        assert_eq!(
            entries(outside),
            before_outside,
            "{command:?} wrote outside"
        );
    }
}

#[test]
fn a_journal_writing_into_git_hooks_is_refused() {
    let fixture = Repo::new().name("x").build();
    let repo = fixture.path();
    fs::create_dir_all(repo.join(".git/hooks")).unwrap();
    let entry = "path = \".git/hooks/post-checkout\"\nstaged = \"new/0\"";
    for state in ["prepared", "rolling-back"] {
        plant(repo, state, "", entry, None);
        refused(&fixture, &repo.join(".git"), "`.git/hooks/post-checkout`");
        assert!(!repo.join(".git/hooks/post-checkout").exists());
    }
    // A link inside the repository that leads into .git is refused the same way.
    symlink(".git/hooks", repo.join("hooks")).unwrap();
    let entry = "path = \"hooks/post-checkout\"\nstaged = \"new/0\"";
    plant(repo, "prepared", "", entry, None);
    refused(&fixture, &repo.join(".git"), "`hooks/post-checkout`");
    assert!(!repo.join(".git/hooks/post-checkout").exists());
}

#[test]
fn a_journal_writing_through_a_folder_linked_outside_is_refused() {
    let fixture = Repo::new().name("x").build();
    let repo = fixture.path();
    let outside = victim_behind_link(&fixture);
    for (state, dirs, entry, backup) in [
        // A new file and a new folder through the link, completed.
        (
            "prepared",
            "\"linked/made\"",
            "path = \"linked/made/x.go\"\nstaged = \"new/0\"",
            None,
        ),
        // An edit through the link, completed or rolled back (its backup put back there).
        (
            "prepared",
            "",
            "path = \"linked/victim.go\"\nstaged = \"new/0\"\nbackup = \"old/0\"",
            None,
        ),
        (
            "rolling-back",
            "",
            "path = \"linked/victim.go\"\nstaged = \"new/0\"\nbackup = \"old/0\"",
            Some("theirs\n"),
        ),
    ] {
        plant(repo, state, dirs, entry, backup);
        refused(&fixture, &outside, "a link to");
    }
    assert_eq!(
        fs::read_to_string(outside.join("victim.go")).unwrap(),
        "mine\n"
    );
    assert!(!outside.join("made").exists());
}

#[test]
fn a_journal_deleting_a_file_outside_is_refused() {
    let fixture = Repo::new().name("x").build();
    let repo = fixture.path();
    let outside = victim_behind_link(&fixture);
    let entry =
        "path = \"linked/victim.go\"\nstaged = \"new/0\"\nbackup = \"old/0\"\ndelete = true";
    for state in ["prepared", "rolling-back"] {
        plant(repo, state, "", entry, None);
        refused(&fixture, &outside, "`linked/victim.go`");
    }
    assert_eq!(
        fs::read_to_string(outside.join("victim.go")).unwrap(),
        "mine\n"
    );
}

#[test]
fn a_journal_whose_staged_or_kept_files_are_links_is_refused() {
    let fixture = Repo::new().name("x").build();
    let repo = fixture.path();
    let outside = fixture.home().join("outside");
    fs::create_dir(&outside).unwrap();
    fs::write(outside.join("secret"), "secret\n").unwrap();
    let journal = repo.join(".packer-scaffold.journal");
    // The staged bytes a link to a file elsewhere: it would be moved into the repository.
    plant(
        repo,
        "prepared",
        "",
        "path = \"NEW.md\"\nstaged = \"new/0\"",
        None,
    );
    fs::remove_file(journal.join("new/0")).unwrap();
    symlink(outside.join("secret"), journal.join("new/0")).unwrap();
    refused(&fixture, &outside, "`new/0` (for `NEW.md`)");
    // The backups' folder a link elsewhere: keeping main.go there would write outside.
    fs::remove_dir_all(&journal).unwrap();
    let entry = "path = \"main.go\"\nstaged = \"new/0\"\nbackup = \"old/0\"";
    plant(repo, "prepared", "", entry, None);
    fs::remove_dir(journal.join("old")).unwrap();
    symlink(&outside, journal.join("old")).unwrap();
    refused(&fixture, &outside, "`old` in the journal is not a folder");
}

/// A folder outside the repository holding `victim.go` ("mine"), linked into the repository
/// as `linked`.
fn victim_behind_link(fixture: &Repo) -> std::path::PathBuf {
    let outside = fixture.home().join("outside");
    fs::create_dir(&outside).unwrap();
    fs::write(outside.join("victim.go"), "mine\n").unwrap();
    symlink(&outside, fixture.path().join("linked")).unwrap();
    outside
}
