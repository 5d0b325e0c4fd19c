//! The answers resolver's unit tests: each source in its place, and every missing value at once.

use super::*;
use crate::error::NoPrompt;
use crate::resolve::defaults::Defaults;

fn named(name: &str) -> Known {
    Known {
        name: Some(Sourced {
            value: name.into(),
            source: Source::Flag,
        }),
        ..Known::default()
    }
}

fn from_go_mod(module: &str) -> Known {
    Known {
        module: Some(Sourced {
            value: module.into(),
            source: Source::GoMod,
        }),
        ..Known::default()
    }
}

fn unasked() -> Asking<'static> {
    Err(Unasked::Prompts(NoPrompt::default()))
}

fn git(user: &'static str) -> impl Fn() -> GitUser {
    move || match user {
        "" => GitUser::Unset,
        "-" => GitUser::NoGit,
        name => GitUser::Name(name.into()),
    }
}

fn resolved(known: Known, settings: &Settings, user: &'static str) -> Result<Resolved, Error> {
    resolve(known, settings, &git(user), unasked())
}

struct Scripted(Vec<&'static str>, Vec<&'static str>);

impl Asker for Scripted {
    fn ask(&mut self, question: &Question) -> Result<String, Error> {
        self.1.push(question.prompt);
        let answer = self.0.remove(0);
        if answer.is_empty() {
            return Ok(question.default.clone().unwrap_or_default());
        }
        (question.validate)(answer)?;
        Ok(answer.to_owned())
    }
}

#[test]
fn without_a_terminal_every_missing_value_is_reported_at_once() {
    match resolved(named("custom-cloud"), &Settings::default(), "").unwrap_err() {
        Error::MissingValues { missing, .. } => {
            assert_eq!(missing, vec![ORG, author_missing(&GitUser::Unset)])
        }
        other => panic!("unexpected {other:?}"),
    }
    match resolved(
        from_go_mod("example.com/tools/images"),
        &Settings::default(),
        "-",
    ) {
        Err(Error::MissingValues { missing, why }) => {
            let flags: Vec<_> = missing.iter().map(|m| m.flag).collect();
            assert_eq!(flags, ["--plugin", "--org", "--author"]);
            assert_eq!(missing[2], author_missing(&GitUser::NoGit));
            assert_eq!(why, Unasked::Prompts(NoPrompt::default()));
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn the_missing_author_says_whether_git_was_found_and_the_error_why_nothing_was_asked() {
    let ci = NoPrompt {
        ci: true,
        ..NoPrompt::default()
    };
    let known = Known {
        org: Some("acme".into()),
        ..named("custom-cloud")
    };
    let err = resolve(
        known,
        &Settings::default(),
        &git("-"),
        Err(Unasked::Prompts(ci)),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "missing values, and nothing is asked because CI is set:\n  \
         --author       copyright holder (git was not found on PATH, so there is no \
         user.name to use) (e.g. --author \"Acme Corp\")"
    );
    assert_eq!(
        err.help().unwrap(),
        "pass the flags above, or unset CI to be asked"
    );
}

#[test]
fn defaults_fill_what_they_can() {
    let known = Known {
        org: Some("acme".into()),
        ..named("custom-cloud")
    };
    let answers = resolved(known, &Settings::default(), "Ada")
        .unwrap()
        .answers;
    assert_eq!(answers.module, "github.com/acme/packer-plugin-custom-cloud");
    assert_eq!(answers.author, "Ada");
    assert_eq!(answers.description, "A Packer plugin for Custom Cloud.");
}

#[test]
fn an_org_that_disagrees_with_a_github_module_path_is_refused() {
    let with = |module: &str, source: Source| Known {
        org: Some("acme".into()),
        author: Some("A".into()),
        module: Some(Sourced {
            value: module.into(),
            source,
        }),
        ..named("custom-cloud")
    };
    let other = "github.com/other/packer-plugin-custom-cloud";
    let err = resolved(with(other, Source::Flag), &Settings::default(), "").unwrap_err();
    assert_eq!(
        err.help().unwrap(),
        "leave out --org (it is read from --module), or give --org other"
    );
    let err = resolved(with(other, Source::GoMod), &Settings::default(), "").unwrap_err();
    assert_eq!(
        err.help().unwrap(),
        "leave out --org (it is read from go.mod), or give --org other"
    );
    let agreeing = with("github.com/acme/packer-plugin-custom-cloud", Source::Flag);
    assert!(resolved(agreeing, &Settings::default(), "").is_ok());
    let elsewhere = with(
        "gitlab.example.com/tools/packer-plugin-custom-cloud",
        Source::Flag,
    );
    assert!(resolved(elsewhere, &Settings::default(), "").is_ok());
}

#[test]
fn a_terminal_asks_only_what_was_not_given() {
    let mut asker = Scripted(vec!["acme", "", ""], Vec::new());
    let answers = resolve(
        named("custom-cloud"),
        &Settings::default(),
        &git("Ada"),
        Ok(&mut asker),
    )
    .unwrap()
    .answers;
    assert_eq!(answers.org, "acme");
    assert_eq!(answers.author, "Ada");
    assert_eq!(
        asker.1,
        [
            "GitHub owner (user or organization)",
            "Copyright holder",
            "One-line description"
        ]
    );
}

#[test]
fn given_values_are_validated_before_anything_is_asked() {
    let known = Known {
        org: Some("-bad".into()),
        ..named("custom-cloud")
    };
    let mut asker = Scripted(Vec::new(), Vec::new());
    let err = resolve(known, &Settings::default(), &git(""), Ok(&mut asker)).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(asker.1.is_empty());
}

#[test]
fn values_from_the_module_path_say_so() {
    let known = Known {
        author: Some("HashiCorp".into()),
        name: Some(Sourced {
            value: "scaffolding".into(),
            source: Source::ModulePath,
        }),
        ..from_go_mod("github.com/hashicorp/packer-plugin-scaffolding")
    };
    let resolved = resolved(known, &Settings::default(), "").unwrap();
    assert_eq!(resolved.answers.org, "hashicorp");
    assert_eq!(
        resolved.notes,
        [
            "read module path `github.com/hashicorp/packer-plugin-scaffolding` from go.mod",
            "plugin name `scaffolding` comes from the module path",
            "GitHub owner `hashicorp` comes from the module path",
        ]
    );
}

#[test]
fn configured_values_come_after_flags_and_the_module_path_and_before_git() {
    let settings = Settings {
        env: Defaults {
            author: Some("Env Corp".into()),
            ..Defaults::default()
        },
        file: Defaults {
            org: Some("configured".into()),
            author: Some("File Corp".into()),
            ..Defaults::default()
        },
    };
    let images = |module: &str| Known {
        name: Some(Sourced {
            value: "images".into(),
            source: Source::Flag,
        }),
        ..from_go_mod(module)
    };
    let answers = |known: Known, settings: &Settings| {
        let resolved = resolved(known, settings, "Git Person").unwrap();
        (
            resolved.answers.org,
            resolved.answers.author,
            resolved.notes,
        )
    };
    let flagged = Known {
        org: Some("flagged".into()),
        author: Some("Flag Corp".into()),
        ..images("example.com/tools/images")
    };
    let (org, author, _) = answers(flagged, &settings);
    assert_eq!((org.as_str(), author.as_str()), ("flagged", "Flag Corp"));
    let (org, author, notes) = answers(images("github.com/acme/packer-plugin-images"), &settings);
    assert_eq!((org.as_str(), author.as_str()), ("acme", "Env Corp"));
    assert!(
        notes.contains(&"copyright holder `Env Corp` comes from PACKER_SCAFFOLD_AUTHOR".into())
    );
    let (org, _, notes) = answers(images("example.com/tools/images"), &settings);
    assert_eq!(org, "configured");
    assert!(notes.contains(&"GitHub owner `configured` comes from the config file".into()));
    let git_only = Settings {
        env: Defaults::default(),
        file: Defaults {
            org: Some("configured".into()),
            ..Defaults::default()
        },
    };
    let (_, author, notes) = answers(images("example.com/tools/images"), &git_only);
    assert_eq!(author, "Git Person");
    assert!(notes.contains(&"copyright holder `Git Person` is git's user.name".into()));
}

#[test]
fn org_is_read_from_a_github_module_path() {
    let known = Known {
        author: Some("Ada".into()),
        ..from_go_mod("github.com/acme/packer-plugin-custom-cloud")
    };
    let known = Known {
        name: named("custom-cloud").name,
        ..known
    };
    assert_eq!(
        resolved(known, &Settings::default(), "")
            .unwrap()
            .answers
            .org,
        "acme"
    );
}
