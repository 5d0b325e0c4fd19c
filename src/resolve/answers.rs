//! The answers a plugin is made from (name, GitHub owner, module path, copyright holder,
//! description), resolved the same way for `new` and for `add` in a repository without a
//! manifest. Each answer is the first of its sources that has a value: the flag, what the
//! module path says, `PACKER_SCAFFOLD_*`, the config file, git, a question on the terminal,
//! the default. What is still missing is reported all at once, with the flag for each.

use super::prompt::{Asker, Question};
use super::settings::Settings;
use super::source::{Source, Sourced, first};
use crate::domain::model::PluginAnswers;
use crate::domain::names::{
    check_free_text, check_module_path, check_name_shape, check_org, free_text,
};
use crate::error::{Error, Missing, Unasked};
use crate::process::git::GitUser;

/// What a command knows before the answers are resolved.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// `new`: its NAME; `add`: `--plugin`, else what the module path ends in.
    pub name: Option<Sourced<String>>,
    /// `new`: `--module`, else the module prefix; `add`: go.mod's.
    pub module: Option<Sourced<String>>,
    /// `--org`, `--author` and `--description`.
    pub org: Option<String>,
    pub author: Option<String>,
    pub description: Option<String>,
    /// `add` without a manifest: the copyright holder and description the repository already
    /// states. They rank after the flags and before the user's defaults.
    pub found_author: Option<Sourced<String>>,
    pub found_description: Option<Sourced<String>>,
}

/// Who asks for missing values, or why nothing may be asked.
pub type Asking<'a> = Result<&'a mut dyn Asker, Unasked>;

/// The resolved answers, and where the values that were not given came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub answers: PluginAnswers,
    /// "GitHub owner `acme` comes from the module path", one per value not from a flag.
    pub notes: Vec<String>,
}

pub const PLUGIN: Missing = Missing {
    what: "plugin name (the module path does not end in packer-plugin-<name>)",
    flag: "--plugin",
    example: "--plugin custom-cloud",
};

pub const ORG: Missing = Missing {
    what: "GitHub owner of the plugin repository",
    flag: "--org",
    example: "--org acme",
};

/// `--author`, missing: why git could not supply it is part of what.
pub fn author_missing(git_user: &GitUser) -> Missing {
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

/// Resolves every answer. `git` asks git for `user.name`; it is called only when no other
/// source names the author.
pub fn resolve(
    known: Known,
    settings: &Settings,
    git: &dyn Fn() -> GitUser,
    asking: Asking<'_>,
) -> Result<Resolved, Error> {
    check_given(&known)?;
    let (mut asker, why) = match asking {
        Ok(asker) => (Some(asker), None),
        Err(why) => (None, Some(why)),
    };
    let mut missing = Vec::new();
    let name = known.name.clone().or_else(|| none(&mut missing, PLUGIN));
    let org = match org(&known, settings) {
        Some(org) => Some(org),
        None => ask(
            &mut asker,
            "GitHub owner (user or organization)",
            None,
            valid_org,
        )?
        .or_else(|| none(&mut missing, ORG)),
    };
    let author = author(&known, settings, git, &mut asker, &mut missing)?;
    let (Some(name), Some(org), Some(author), []) = (name, org, author, missing.as_slice()) else {
        let why = why.unwrap_or(Unasked::Prompts(Default::default()));
        return Err(Error::MissingValues { missing, why });
    };
    let description = description(&known, &name.value, &mut asker)?;
    let module = known.module.clone().unwrap_or_else(|| Sourced {
        value: format!("github.com/{}/packer-plugin-{}", org.value, name.value),
        source: Source::Default,
    });
    // Whatever its source (flag, prompt, git's user.name), free text obeys the same rules.
    let author_text = free_text(&author.value);
    valid_author(&author_text)?;
    let notes = [
        note("module path", &module),
        note("plugin name", &name),
        note("GitHub owner", &org),
        note("copyright holder", &author),
    ];
    Ok(Resolved {
        answers: PluginAnswers {
            name: name.value,
            org: org.value,
            module: module.value,
            author: author_text,
            description: free_text(&description),
            org_type: None,
        },
        notes: notes.into_iter().flatten().collect(),
    })
}

/// Checks every value given before anything is asked.
fn check_given(known: &Known) -> Result<(), Error> {
    if let Some(name) = &known.name {
        check_name_shape("plugin name", &name.value)?;
    }
    if let Some(org) = &known.org {
        check_org(org)?;
    }
    if let Some(module) = &known.module {
        check_module_path(&module.value)?;
        check_owner_agrees(known.org.as_deref(), module)?;
    }
    if let Some(author) = &known.author {
        valid_author(author)?;
    }
    if let Some(description) = &known.description {
        check_free_text("--description", description)?;
    }
    Ok(())
}

/// `--org` must name the owner a `github.com/<owner>/…` module path names: the source
/// address, README and release links follow the module path.
fn check_owner_agrees(org: Option<&str>, module: &Sourced<String>) -> Result<(), Error> {
    let (Some(org), Some(owner)) = (org, github_owner(&module.value)) else {
        return Ok(());
    };
    if org == owner {
        return Ok(());
    }
    let read_from = match module.source {
        Source::GoMod => "go.mod",
        _ => "--module",
    };
    Err(Error::InvalidInput {
        what: "GitHub owner (--org)".into(),
        value: org.to_owned(),
        problem: format!(
            "the module path `{}` is in `{owner}`'s repositories, and the source address, \
             README and release links follow the module path",
            module.value
        ),
        help: format!("leave out --org (it is read from {read_from}), or give --org {owner}"),
    })
}

/// The owner: `--org`, else the owner a github.com module path names, else the defaults.
fn org(known: &Known, settings: &Settings) -> Option<Sourced<String>> {
    let from_module = known.module.as_ref().and_then(|m| github_owner(&m.value));
    first([
        (Source::Flag, known.org.clone()),
        (Source::ModulePath, from_module),
    ])
    .or_else(|| settings.pick(None, "ORG", |d| d.org.clone()))
}

/// The author: `--author`, else the defaults, else asked (git's user.name the default),
/// else git's user.name.
fn author(
    known: &Known,
    settings: &Settings,
    git: &dyn Fn() -> GitUser,
    asker: &mut Option<&mut dyn Asker>,
    missing: &mut Vec<Missing>,
) -> Result<Option<Sourced<String>>, Error> {
    if let (None, Some(found)) = (&known.author, &known.found_author) {
        return Ok(Some(found.clone()));
    }
    if let Some(author) = settings.pick(known.author.clone(), "AUTHOR", |d| d.author.clone()) {
        return Ok(Some(author));
    }
    let git_user = git();
    if let Some(asked) = ask(asker, "Copyright holder", git_user.name(), valid_author)? {
        return Ok(Some(asked));
    }
    Ok(match git_user.name() {
        Some(name) => Some(Sourced {
            value: name,
            source: Source::Git,
        }),
        None => none(missing, author_missing(&git_user)),
    })
}

/// The description: `--description`, else asked, else "A Packer plugin for <Title>.".
fn description(
    known: &Known,
    name: &str,
    asker: &mut Option<&mut dyn Asker>,
) -> Result<String, Error> {
    if let Some(description) = &known.description {
        return Ok(description.clone());
    }
    if let Some(found) = &known.found_description {
        return Ok(found.value.clone());
    }
    let default = default_description(name);
    let asked = ask(
        asker,
        "One-line description",
        Some(default.clone()),
        valid_description,
    )?;
    Ok(asked.map_or(default, |a| a.value))
}

/// The description a plugin gets when none is given.
pub fn default_description(name: &str) -> String {
    format!(
        "A Packer plugin for {}.",
        heck::ToTitleCase::to_title_case(name)
    )
}

/// The answer to `prompt` when there is someone to ask.
fn ask(
    asker: &mut Option<&mut dyn Asker>,
    prompt: &'static str,
    default: Option<String>,
    validate: fn(&str) -> Result<(), Error>,
) -> Result<Option<Sourced<String>>, Error> {
    let Some(asker) = asker.as_deref_mut() else {
        return Ok(None);
    };
    let question = Question {
        prompt,
        default,
        validate,
    };
    Ok(Some(Sourced {
        value: asker.ask(&question)?,
        source: Source::Prompt,
    }))
}

/// Records `what` as missing; nothing to use.
fn none<T>(missing: &mut Vec<Missing>, what: Missing) -> Option<T> {
    missing.push(what);
    None
}

/// Where a value came from, when that is worth saying (not a flag, an answer or a default).
fn note(what: &str, value: &Sourced<String>) -> Option<String> {
    let v = &value.value;
    match value.source {
        Source::Flag | Source::Prompt | Source::Default => None,
        Source::GoMod => Some(format!("read {what} `{v}` from go.mod")),
        Source::Git => Some(format!("{what} `{v}` is git's user.name")),
        source => Some(format!("{what} `{v}` comes from {source}")),
    }
}

fn valid_org(value: &str) -> Result<(), Error> {
    check_org(value)
}

fn valid_author(value: &str) -> Result<(), Error> {
    check_free_text("--author", value)
}

fn valid_description(value: &str) -> Result<(), Error> {
    check_free_text("--description", value)
}

/// The owner in a `github.com/<owner>/…` module path.
pub fn github_owner(module: &str) -> Option<String> {
    let rest = module.strip_prefix("github.com/")?;
    let owner = rest.split('/').next()?;
    check_org(owner).ok().map(|()| owner.to_owned())
}

#[cfg(test)]
mod tests;
