//! The journal's unit tests: a change applied whole, refused whole, and each state a crash
//! can leave recovered. Crashing the real binary at every step is tests/it/journal.rs.

use std::fs;
use std::path::Path;

use super::record::Entry;
use super::*;
use crate::domain::plan::{FileEdit, PlannedFile};

fn create(path: &str, contents: &str, mode: u32) -> PlannedFile {
    PlannedFile {
        path: path.into(),
        template: "t",
        contents: contents.as_bytes().to_vec(),
        mode,
    }
}

fn edit(path: &str, before: &str, after: &str) -> FileEdit {
    FileEdit {
        path: path.into(),
        before: before.as_bytes().to_vec(),
        after: after.as_bytes().to_vec(),
    }
}

/// Every entry under `root` (folders as `/`), sorted.
fn tree(root: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if fs::symlink_metadata(&path).unwrap().is_dir() {
                pending.push(path);
                out.push((format!("{rel}/"), String::new()));
            } else {
                out.push((rel, fs::read_to_string(&path).unwrap_or_default()));
            }
        }
    }
    out.sort();
    out
}

fn repo() -> assert_fs::TempDir {
    let tmp = assert_fs::TempDir::new().unwrap();
    fs::write(tmp.path().join("main.go"), "old").unwrap();
    tmp
}

#[test]
fn creates_and_edits_keep_modes_and_leave_no_journal() {
    let tmp = repo();
    let root = tmp.path();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(root.join("main.go"), fs::Permissions::from_mode(0o600)).unwrap();
    }
    let creates = [
        create("a/b/c.go", "c", 0o644),
        create("run.sh", "#!", 0o755),
    ];
    apply(
        root,
        "add builder b",
        &creates,
        &[edit("main.go", "old", "new")],
    )
    .unwrap();
    assert_eq!(
        tree(root),
        [
            ("a/".into(), String::new()),
            ("a/b/".into(), String::new()),
            ("a/b/c.go".into(), "c".into()),
            ("main.go".into(), "new".into()),
            ("run.sh".into(), "#!".into()),
        ]
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &str| fs::metadata(root.join(p)).unwrap().permissions().mode() & 0o777;
        assert_eq!((mode("main.go"), mode("run.sh")), (0o600, 0o755));
    }
}

/// The journal's name is flushed into the root before anything is staged, and a new folder's
/// name into its parent (`a` for `a/b`) before the change is reported done.
#[test]
fn new_folders_and_the_journal_are_flushed_into_their_parents() {
    let tmp = repo();
    let root = tmp.path();
    fs::create_dir(root.join("a")).unwrap();
    crate::fs::durable::SYNCED.with(|s| s.borrow_mut().clear());
    apply(root, "c", &[create("a/b/c/d.go", "d", 0o644)], &[]).unwrap();
    let synced = crate::fs::durable::SYNCED.with(|s| s.take());
    assert_eq!(synced.first(), Some(&root.to_path_buf()), "{synced:?}");
    for parent in ["a", "a/b"] {
        assert!(synced.contains(&root.join(parent)), "{parent}: {synced:?}");
    }
}

#[test]
fn refusals_change_nothing() {
    let tmp = repo();
    let root = tmp.path();
    fs::write(root.join("run.sh"), "mine").unwrap();
    fs::write(root.join("a"), "a file").unwrap();
    let before = tree(root);
    let err = apply(root, "c", &[create("run.sh", "x", 0o755)], &[]).unwrap_err();
    assert!(matches!(err, Error::PathsExist { ref paths } if paths == &["run.sh"]));
    let err = apply(root, "c", &[create("a/b.go", "x", 0o644)], &[]).unwrap_err();
    assert!(matches!(err, Error::FilesInTheWay { .. }), "{err:?}");
    let err = apply(root, "c", &[], &[edit("gone.go", "", "x")]).unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    assert_eq!(tree(root), before);
}

#[cfg(unix)]
#[test]
fn a_folder_linked_outside_the_repository_is_refused_and_nothing_lands_there() {
    let tmp = repo();
    let outside = assert_fs::TempDir::new().unwrap();
    std::os::unix::fs::symlink(outside.path(), tmp.path().join("builder")).unwrap();
    let err = apply(
        tmp.path(),
        "c",
        &[create("builder/x/b.go", "x", 0o644)],
        &[],
    )
    .unwrap_err();
    assert!(matches!(err, Error::OutsideRepository { .. }), "{err:?}");
    assert_eq!(err.exit_code(), 2);
    assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 0);
    fs::write(outside.path().join("README.md"), "theirs").unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("README.md"),
        tmp.path().join("README.md"),
    )
    .unwrap();
    let err = apply(tmp.path(), "c", &[], &[edit("README.md", "theirs", "x")]).unwrap_err();
    assert!(matches!(err, Error::OutsideRepository { .. }), "{err:?}");
    assert_eq!(
        fs::read(outside.path().join("README.md")).unwrap(),
        b"theirs"
    );
}

#[cfg(unix)]
#[test]
fn nothing_is_written_into_git_even_through_a_link_inside_the_repository() {
    let tmp = repo();
    fs::create_dir_all(tmp.path().join(".git/hooks")).unwrap();
    std::os::unix::fs::symlink(".git/hooks", tmp.path().join("hooks")).unwrap();
    std::os::unix::fs::symlink(".git/config", tmp.path().join("config")).unwrap();
    fs::write(tmp.path().join(".git/config"), "mine").unwrap();
    let before = tree(tmp.path());
    for (creates, edits) in [
        (vec![create(".git/hooks/post-checkout", "x", 0o755)], vec![]),
        (vec![create(".GIT/hooks/post-checkout", "x", 0o755)], vec![]),
        (vec![create("hooks/post-checkout", "x", 0o755)], vec![]),
        (vec![], vec![edit("config", "mine", "x")]),
    ] {
        let err = apply(tmp.path(), "c", &creates, &edits).unwrap_err();
        assert!(matches!(err, Error::InGitFolder { .. }), "{err:?}");
        assert_eq!(err.exit_code(), 2);
        assert!(err.help().unwrap().contains("restore") || err.help().unwrap().contains("rm "));
    }
    assert_eq!(tree(tmp.path()), before);
}

#[cfg(unix)]
#[test]
fn a_linked_file_inside_is_edited_where_it_is_and_the_link_kept() {
    let tmp = repo();
    fs::create_dir(tmp.path().join("docs")).unwrap();
    fs::write(tmp.path().join("docs/README.md"), "old").unwrap();
    std::os::unix::fs::symlink("docs/README.md", tmp.path().join("README.md")).unwrap();
    apply(tmp.path(), "c", &[], &[edit("README.md", "old", "new")]).unwrap();
    assert!(
        fs::symlink_metadata(tmp.path().join("README.md"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read(tmp.path().join("docs/README.md")).unwrap(), b"new");
}

#[cfg(unix)]
#[test]
fn a_read_only_file_to_edit_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = repo();
    fs::set_permissions(
        tmp.path().join("main.go"),
        fs::Permissions::from_mode(0o444),
    )
    .unwrap();
    let err = apply(tmp.path(), "c", &[], &[edit("main.go", "old", "new")]).unwrap_err();
    assert!(matches!(err, Error::ReadOnly { .. }), "{err:?}");
    assert_eq!(fs::read(tmp.path().join("main.go")).unwrap(), b"old");
}

/// A journal as a crash leaves it: `new/0` for main.go (an edit), `new/1` for a new file.
fn crashed(root: &Path, state: Option<State>, moved: bool) {
    let journal = root.join(JOURNAL_DIR);
    for dir in ["", "new", "old"] {
        fs::create_dir_all(journal.join(dir)).unwrap();
    }
    fs::write(journal.join(COMMAND), "add builder b").unwrap();
    fs::write(journal.join("new/0"), "new").unwrap();
    fs::write(journal.join("new/1"), "created").unwrap();
    if moved {
        fs::hard_link(root.join("main.go"), journal.join("old/0")).unwrap();
        fs::rename(journal.join("new/0"), root.join("main.go")).unwrap();
        fs::create_dir(root.join("b")).unwrap();
        fs::rename(journal.join("new/1"), root.join("b/b.go")).unwrap();
    }
    if let Some(state) = state {
        let record = Record {
            command: "add builder b".into(),
            state,
            dirs: vec!["b".into()],
            emptied: Vec::new(),
            entries: vec![
                Entry {
                    path: "main.go".into(),
                    staged: "new/0".into(),
                    backup: Some("old/0".into()),
                    delete: false,
                },
                Entry {
                    path: "b/b.go".into(),
                    staged: "new/1".into(),
                    backup: None,
                    delete: false,
                },
            ],
        };
        fs::write(journal.join(RECORD), record.to_toml()).unwrap();
    }
}

#[test]
fn recovery_undoes_an_undecided_change_and_completes_a_decided_one() {
    let before = |tmp: &assert_fs::TempDir| tree(tmp.path());
    let tmp = repo();
    let original = before(&tmp);
    crashed(tmp.path(), None, false);
    let done = recover(tmp.path()).unwrap().unwrap();
    assert!(matches!(done, Recovery::RolledBack { ref command } if command == "add builder b"));
    assert_eq!(tree(tmp.path()), original);

    for moved in [false, true] {
        let tmp = repo();
        crashed(tmp.path(), Some(State::Prepared), moved);
        let done = recover(tmp.path()).unwrap().unwrap();
        assert_eq!(
            done,
            Recovery::Completed {
                command: "add builder b".into(),
                files: 2
            }
        );
        assert_eq!(
            tree(tmp.path()),
            [
                ("b/".into(), String::new()),
                ("b/b.go".into(), "created".into()),
                ("main.go".into(), "new".into()),
            ]
        );
        assert_eq!(recover(tmp.path()).unwrap(), None);
    }
}

#[test]
fn recovery_puts_back_a_change_whose_move_failed() {
    let tmp = repo();
    let original = tree(tmp.path());
    crashed(tmp.path(), Some(State::RollingBack), true);
    assert!(matches!(
        recover(tmp.path()).unwrap(),
        Some(Recovery::RolledBack { .. })
    ));
    assert_eq!(tree(tmp.path()), original);
}

#[test]
fn a_tampered_record_is_refused_and_nothing_is_touched() {
    let tmp = repo();
    crashed(tmp.path(), Some(State::Prepared), false);
    let journal = tmp.path().join(JOURNAL_DIR);
    let text = fs::read_to_string(journal.join(RECORD)).unwrap();
    fs::write(
        journal.join(RECORD),
        text.replace("b/b.go", "../escaped.go"),
    )
    .unwrap();
    let err = recover(tmp.path()).unwrap_err();
    assert!(matches!(err, Error::RefusedJournal { .. }), "{err:?}");
    assert_eq!(err.exit_code(), 2);
    assert!(
        journal.join(RECORD).exists(),
        "the journal is left as it was"
    );
    assert!(!tmp.path().parent().unwrap().join("escaped.go").exists());
    assert_eq!(fs::read(tmp.path().join("main.go")).unwrap(), b"old");
}

/// A deletion removes the file and the folders it leaves empty; killed after the record at
/// any point of the moves, recovery completes it, and a rollback puts every file back.
#[test]
fn deletions_remove_files_and_emptied_folders_and_recover_both_ways() {
    let setup = || {
        let tmp = repo();
        fs::create_dir_all(tmp.path().join("b/fixtures")).unwrap();
        fs::write(tmp.path().join("b/b.go"), "b").unwrap();
        fs::write(tmp.path().join("b/fixtures/t.hcl"), "t").unwrap();
        tmp
    };
    let deletes = ["b/b.go".to_owned(), "b/fixtures/t.hcl".to_owned()];
    let tmp = setup();
    let original = tree(tmp.path());
    apply_with_deletes(
        tmp.path(),
        "remove builder b",
        &[],
        &[edit("main.go", "old", "new")],
        &deletes,
    )
    .unwrap();
    let after = tree(tmp.path());
    assert_eq!(after, [("main.go".into(), "new".into())]);

    // Killed after the record, with none, one or both files deleted: completed.
    for done in 0..=2 {
        let tmp = setup();
        let root = tmp.path();
        let check = stage::check(root, &[], &[], &deletes).unwrap();
        let journal = root.join(JOURNAL_DIR);
        let record = stage::stage(&journal, "remove builder b", &check).unwrap();
        for entry in record.entries.iter().take(done) {
            replay::forward(
                root,
                &journal,
                &Record {
                    entries: vec![entry.clone()],
                    emptied: vec![],
                    ..record.clone()
                },
            )
            .unwrap();
        }
        assert!(matches!(
            recover(root).unwrap(),
            Some(Recovery::Completed { .. })
        ));
        assert_eq!(tree(root), [("main.go".into(), "old".into())]);
        // The same, rolled back instead: every file and folder is back.
        let tmp = setup();
        let root = tmp.path();
        let journal = root.join(JOURNAL_DIR);
        let record = stage::stage(&journal, "remove builder b", &check_of(root, &deletes)).unwrap();
        for entry in record.entries.iter().take(done) {
            replay::forward(
                root,
                &journal,
                &Record {
                    entries: vec![entry.clone()],
                    emptied: vec![],
                    ..record.clone()
                },
            )
            .unwrap();
        }
        stage::write_record(
            &journal,
            &Record {
                state: State::RollingBack,
                ..record
            },
        )
        .unwrap();
        assert!(matches!(
            recover(root).unwrap(),
            Some(Recovery::RolledBack { .. })
        ));
        assert_eq!(tree(root), original);
    }
}

fn check_of<'a>(root: &Path, deletes: &[String]) -> stage::Checked<'a> {
    stage::check(root, &[], &[], deletes).unwrap()
}
