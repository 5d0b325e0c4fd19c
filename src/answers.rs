//! Turns flags into complete, validated answers: values given on the command line win, then
//! derived values and defaults; what is still missing is asked on a terminal, or reported all
//! at once without one.

use crate::error::{Error, Missing};
use crate::kind::Kind;
use crate::model::Answers;
use crate::names::{check_free_text, check_module_path, check_org, free_text};
use crate::post_steps::GitUser;
use crate::prompt::NoPrompt;

/// What the command line (and the environment) supplied.
#[derive(Debug, Clone, Default)]
pub struct Given {
    /// The plugin name, already checked.
    pub name: String,
    pub kinds: Vec<Kind>,
    pub org: Option<String>,
    pub module: Option<String>,
    pub author: Option<String>,
    pub description: Option<String>,
    pub year: u32,
    /// `git config user.name`, the default author, or why there is none.
    pub git_user: GitUser,
}

/// One question for the user, with the same validation the matching flag has.
pub struct Question {
    pub prompt: &'static str,
    pub default: Option<String>,
    pub validate: fn(&str) -> Result<(), Error>,
}

/// Something that can ask the user a question (a terminal prompt, or a test double).
pub trait Asker {
    fn ask(&mut self, question: &Question) -> Result<String, Error>;
}

const ORG: Missing = Missing {
    what: "GitHub owner of the plugin repository",
    flag: "--org",
    example: "--org acme",
};
/// `--author`, missing: why git could not supply it is part of what.
fn author_missing(git_user: &GitUser) -> Missing {
    Missing {
        what: match git_user {
            GitUser::NoGit => {
                "copyright holder (git was not found on PATH, so there is no user.name to use)"
            }
            GitUser::Name(_) | GitUser::Unset => "copyright holder (git's user.name is not set)",
        },
        flag: "--author",
        example: "--author \"Acme Corp\"",
    }
}

fn validate_org(value: &str) -> Result<(), Error> {
    check_org(value)
}

fn validate_author(value: &str) -> Result<(), Error> {
    check_free_text("--author", value)
}

fn validate_description(value: &str) -> Result<(), Error> {
    check_free_text("--description", value)
}

/// Resolves every answer. `asker` is what asks, or why nothing may be asked (no terminal,
/// `--no-input`, `CI`): then every missing value is reported in one error that says why.
pub fn resolve(given: Given, asker: Result<&mut dyn Asker, NoPrompt>) -> Result<Answers, Error> {
    let (mut asker, why) = match asker {
        Ok(asker) => (Some(asker), NoPrompt::default()),
        Err(why) => (None, why),
    };
    if let Some(org) = &given.org {
        check_org(org)?;
    }
    if let Some(module) = &given.module {
        check_module_path(module)?;
        if let (Some(org), Some(owner)) = (&given.org, github_owner(module))
            && *org != owner
        {
            return Err(Error::InvalidInput {
                what: "GitHub owner (--org)".into(),
                value: org.clone(),
                problem: format!(
                    "the module path `{module}` is in `{owner}`'s repositories, and the source \
                     address, README and release links follow the module path"
                ),
                help: format!("leave out --org (it is read from --module), or give --org {owner}"),
            });
        }
    }
    if let Some(author) = &given.author {
        validate_author(author)?;
    }
    if let Some(description) = &given.description {
        validate_description(description)?;
    }

    let mut missing = Vec::new();
    let org = match given
        .org
        .clone()
        .or_else(|| given.module.as_deref().and_then(github_owner))
    {
        Some(org) => Some(org),
        None => match asker.as_deref_mut() {
            Some(asker) => Some(asker.ask(&Question {
                prompt: "GitHub owner (user or organization)",
                default: None,
                validate: validate_org,
            })?),
            None => {
                missing.push(ORG);
                None
            }
        },
    };
    let author = match (given.author.clone(), asker.as_deref_mut()) {
        (Some(author), _) => Some(author),
        (None, Some(asker)) => Some(asker.ask(&Question {
            prompt: "Copyright holder",
            default: given.git_user.name(),
            validate: validate_author,
        })?),
        (None, None) => {
            let name = given.git_user.name();
            if name.is_none() {
                missing.push(author_missing(&given.git_user));
            }
            name
        }
    };
    let default_description = format!(
        "A Packer plugin for {}.",
        heck::ToTitleCase::to_title_case(given.name.as_str())
    );
    let description = match (given.description.clone(), asker) {
        (Some(description), _) => description,
        (None, Some(asker)) => asker.ask(&Question {
            prompt: "One-line description",
            default: Some(default_description),
            validate: validate_description,
        })?,
        (None, None) => default_description,
    };
    if !missing.is_empty() {
        return Err(Error::MissingValues { missing, why });
    }
    let org = org.expect("a missing org is reported above");
    // Whatever its source (flag, prompt, git's user.name), free text obeys the same rules.
    let author = free_text(&author.expect("a missing author is reported above"));
    validate_author(&author)?;
    let description = free_text(&description);
    let module = given
        .module
        .clone()
        .unwrap_or_else(|| format!("github.com/{org}/packer-plugin-{}", given.name));
    Ok(Answers {
        name: given.name,
        kinds: given.kinds,
        org,
        module,
        author,
        description,
        year: given.year,
    })
}

/// The owner in a `github.com/<owner>/…` module path.
pub fn github_owner(module: &str) -> Option<String> {
    let rest = module.strip_prefix("github.com/")?;
    let owner = rest.split('/').next()?;
    check_org(owner).ok().map(|()| owner.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn given() -> Given {
        Given {
            name: "custom-cloud".into(),
            kinds: vec![Kind::Builder],
            year: 2026,
            ..Given::default()
        }
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
        match resolve(given(), Err(NoPrompt::default())).unwrap_err() {
            Error::MissingValues { missing, .. } => {
                assert_eq!(missing, vec![ORG, author_missing(&GitUser::Unset)])
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
        let given = Given {
            org: Some("acme".into()),
            git_user: GitUser::NoGit,
            ..given()
        };
        let err = resolve(given, Err(ci)).unwrap_err();
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
        let answers = resolve(
            Given {
                org: Some("acme".into()),
                git_user: GitUser::Name("Ada".into()),
                ..given()
            },
            Err(NoPrompt::default()),
        )
        .unwrap();
        assert_eq!(answers.module, "github.com/acme/packer-plugin-custom-cloud");
        assert_eq!(answers.author, "Ada");
        assert_eq!(answers.description, "A Packer plugin for Custom Cloud.");
    }

    #[test]
    fn an_org_that_disagrees_with_a_github_module_path_is_refused() {
        let err = resolve(
            Given {
                org: Some("acme".into()),
                author: Some("A".into()),
                module: Some("github.com/other/packer-plugin-custom-cloud".into()),
                ..given()
            },
            Err(NoPrompt::default()),
        )
        .unwrap_err();
        assert_eq!(
            err.help().unwrap(),
            "leave out --org (it is read from --module), or give --org other"
        );
        let agreeing = Given {
            org: Some("acme".into()),
            author: Some("A".into()),
            module: Some("github.com/acme/packer-plugin-custom-cloud".into()),
            ..given()
        };
        assert!(resolve(agreeing, Err(NoPrompt::default())).is_ok());
        let elsewhere = Given {
            org: Some("acme".into()),
            author: Some("A".into()),
            module: Some("gitlab.example.com/tools/packer-plugin-custom-cloud".into()),
            ..given()
        };
        assert!(resolve(elsewhere, Err(NoPrompt::default())).is_ok());
    }

    #[test]
    fn org_is_read_from_a_github_module_path() {
        let answers = resolve(
            Given {
                module: Some("github.com/acme/packer-plugin-custom-cloud".into()),
                author: Some("Ada".into()),
                ..given()
            },
            Err(NoPrompt::default()),
        )
        .unwrap();
        assert_eq!(answers.org, "acme");
    }

    #[test]
    fn a_terminal_asks_only_what_was_not_given() {
        let mut asker = Scripted(vec!["acme", "", ""], Vec::new());
        let answers = resolve(
            Given {
                git_user: GitUser::Name("Ada".into()),
                ..given()
            },
            Ok(&mut asker),
        )
        .unwrap();
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
        let err = resolve(
            Given {
                org: Some("-bad".into()),
                ..given()
            },
            Err(NoPrompt::default()),
        )
        .unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }
}
