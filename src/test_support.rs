//! What unit tests share: how a test that needs a tool which is not installed behaves. On a
//! developer's machine it skips, saying so; where `PACKER_SCAFFOLD_REQUIRE_TOOLS=1` is set
//! (`.ci/run` sets it, after installing every tool) it fails, so CI never passes having
//! checked nothing.

/// Whether the test may go on: `available`, else a loud skip (or, in CI, a failure naming
/// `tool` and `why` it is needed).
#[track_caller]
pub fn require(available: bool, tool: &str, why: &str) -> bool {
    if available {
        return true;
    }
    let message = format!("{tool} is not available, so {why} was not checked");
    if std::env::var_os("PACKER_SCAFFOLD_REQUIRE_TOOLS").is_some_and(|v| v == "1") {
        panic!(
            "{message}; .ci/run installs it (PACKER_SCAFFOLD_REQUIRE_TOOLS=1 makes this a failure)"
        );
    }
    eprintln!("skipped: {message}");
    false
}
