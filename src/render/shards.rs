//! Rendering a whole repository on two threads. Compiling the templates is most of what `new`
//! costs before it writes, and each template compiles on its own: the templates a repository
//! reads are dealt into two shards of about the same size, each with the templates it
//! includes, and each shard is compiled and rendered on its own thread. The plan is the same
//! as one engine's, file for file.

use std::collections::{BTreeSet, HashMap};

use crate::domain::manifest;
use crate::domain::model::Plugin;
use crate::domain::plan::{Plan, PlannedFile};
use crate::error::Error;
use crate::render::needed::{self, Needed};
use crate::render::renderer::{Renderer, sorted_by_path};
use crate::render::templates::{TemplateFile, TemplateSet};

/// Two, whatever the machine: on two cores a third shard made `new --dry-run` slower (4.14 ms
/// against 3.68 ms, the templates several shards include being compiled once per shard), and
/// asking how many cores there are costs what a shard saves on a larger machine (std reads the
/// process's cgroup files: 75 µs here). On one core the two threads take turns, at the cost of
/// compiling the shared templates twice.
const SHARDS: usize = 2;

/// A repository's plan and the manifest's hash of each of its files, in the plan's order
/// (each hashed on the thread that rendered it).
pub struct Rendered {
    pub plan: Plan,
    pub hashes: Vec<String>,
}

/// Renders every template for `plugin` into a plan, sorted by path (compiling only the
/// templates its components read, on two threads).
pub fn render(plugin: &Plugin) -> Result<Plan, Error> {
    repository(TemplateSet::current(), plugin).map(|rendered| rendered.plan)
}

/// Every file of `plugin`'s new repository rendered from `set`, as `Renderer::repository`
/// renders them, sorted by path.
pub fn repository(set: TemplateSet, plugin: &Plugin) -> Result<Rendered, Error> {
    repository_in(set, plugin, SHARDS)
}

/// `repository` with `shards` threads (one: all on this thread).
pub fn repository_in(set: TemplateSet, plugin: &Plugin, shards: usize) -> Result<Rendered, Error> {
    let needed = Needed::for_repository(&set.files, plugin);
    let dealt = deal(&needed, plugin, shards.max(1));
    let render = |shard: &Shard| render_shard(shard.templates(&set), &shard.own, plugin);
    let results: Vec<Result<Files, Error>> = std::thread::scope(|scope| {
        let mut dealt = dealt.iter();
        let own = dealt.next();
        let helpers: Vec<_> = dealt.map(|shard| scope.spawn(|| render(shard))).collect();
        let mut results = vec![own.map_or(Ok(Vec::new()), render)];
        results.extend(helpers.into_iter().map(|helper| match helper.join() {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        }));
        results
    });
    let mut planned = Vec::new();
    for result in results {
        planned.extend(result?);
    }
    let (files, hashes) = sorted_by_path(planned, |(file, _)| &file.path)?
        .into_iter()
        .unzip();
    Ok(Rendered {
        plan: Plan { files },
        hashes,
    })
}

/// One shard's work: the templates it renders (`own`) and every file of `set` it reads.
struct Shard {
    own: Vec<TemplateFile>,
    reads: BTreeSet<&'static str>,
    cost: usize,
}

impl Shard {
    /// The part of `set` the shard reads: what it compiles, and the files copied as they are.
    fn templates(&self, set: &TemplateSet) -> TemplateSet {
        TemplateSet {
            files: (set.files.iter())
                .filter(|f| self.reads.contains(f.name) || !f.is_rendered())
                .copied()
                .collect(),
            catalog: set.catalog.clone(),
            pins: set.pins.clone(),
        }
    }
}

/// A shard's files, each with its hash.
type Files = Vec<(PlannedFile, String)>;

/// Compiles `templates`, renders `own` with them and hashes each file.
fn render_shard(
    templates: TemplateSet,
    own: &[TemplateFile],
    plugin: &Plugin,
) -> Result<Files, Error> {
    let renderer = Renderer::of(templates)?;
    let files = renderer.repository_files(plugin, own)?;
    let hashed = (files.into_iter())
        .map(|f| {
            let hash = manifest::hash(&f.contents);
            (f, hash)
        })
        .collect();
    Ok(hashed)
}

/// The templates `plugin`'s repository renders, dealt into `count` shards of about the same
/// cost: the largest first, each to the shard it adds least to (a template and what it
/// includes go together where they can, so little is compiled twice).
fn deal(needed: &Needed, plugin: &Plugin, count: usize) -> Vec<Shard> {
    let costs: HashMap<&str, usize> = needed
        .files
        .iter()
        .map(|f| (f.name, if f.is_rendered() { f.contents.len() } else { 0 }))
        .collect();
    let cost_of = |name: &str| costs.get(name).copied().unwrap_or(0);
    let mut own: Vec<(TemplateFile, BTreeSet<&'static str>, usize)> = needed
        .files
        .iter()
        .filter(|f| renders_output(f.name) && needed::read_directly(f.name, plugin))
        .map(|f| {
            let reads = needed.closure([f.name]);
            let cost = reads.iter().map(|n| cost_of(n)).sum();
            (*f, reads, cost)
        })
        .collect();
    own.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.name.cmp(b.0.name)));
    let mut shards: Vec<Shard> = (0..count)
        .map(|_| Shard {
            own: Vec::new(),
            reads: BTreeSet::new(),
            cost: 0,
        })
        .collect();
    for (file, reads, _) in own {
        let added = |shard: &Shard| -> usize {
            reads
                .iter()
                .filter(|n| !shard.reads.contains(*n))
                .map(|n| cost_of(n))
                .sum()
        };
        let best = shards
            .iter_mut()
            .min_by_key(|shard| shard.cost + added(shard))
            .expect("at least one shard");
        best.cost += added(best);
        best.own.push(file);
        best.reads.extend(reads);
    }
    shards.retain(|s| !s.own.is_empty());
    shards
}

/// Whether a template is one of the repository's files (not a piece others include).
fn renders_output(name: &str) -> bool {
    name.starts_with("repo/") || name.starts_with("component/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::kind::Kind;
    use crate::domain::model::tests::answers;

    #[test]
    fn shards_render_the_plan_one_engine_renders() {
        let plugin = Plugin::new(&answers(&Kind::ALL));
        let one = Renderer::new().unwrap().repository(&plugin).unwrap();
        for shards in [1, 2, 3, 4] {
            let dealt = repository_in(TemplateSet::current(), &plugin, shards).unwrap();
            assert_eq!(dealt.plan.files.len(), one.files.len(), "{shards} shards");
            for (a, b) in dealt.plan.files.iter().zip(&one.files) {
                assert_eq!(
                    (&a.path, &a.contents, a.mode),
                    (&b.path, &b.contents, b.mode)
                );
            }
            for (file, hash) in dealt.plan.files.iter().zip(&dealt.hashes) {
                assert_eq!(hash, &manifest::hash(&file.contents), "{}", file.path);
            }
        }
    }

    #[test]
    fn shards_cost_about_the_same_and_each_template_is_rendered_once() {
        let plugin = Plugin::new(&answers(&Kind::ALL));
        let needed = Needed::for_repository(&TemplateSet::current().files, &plugin);
        let shards = deal(&needed, &plugin, 2);
        assert_eq!(shards.len(), 2);
        let (a, b) = (shards[0].cost, shards[1].cost);
        assert!(a.max(b) * 10 < (a + b) * 6, "{a} and {b}");
        let mut owned: Vec<&str> = shards.iter().flat_map(|s| &s.own).map(|f| f.name).collect();
        let count = owned.len();
        owned.sort_unstable();
        owned.dedup();
        assert_eq!(owned.len(), count);
    }
}
