//! The two shapes a component can be generated in: `full`, which teaches the shape of a
//! maintained plugin (a driver or client in front of the platform, a fake for the tests, the
//! communicator, cleanup, HCP Packer metadata), and `minimal`, the small components of 0.1.0
//! for authors who want a blank page. The manifest records each component's skeleton.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Skeleton {
    /// A driver or client with a local simulation and a fake, the communicator, cleanup and
    /// HCP Packer metadata: the shape of a maintained plugin
    #[default]
    Full,
    /// Small components to fill in: a blank page
    Minimal,
}

impl Skeleton {
    pub fn as_str(self) -> &'static str {
        match self {
            Skeleton::Full => "full",
            Skeleton::Minimal => "minimal",
        }
    }

    /// The skeleton of a component a manifest lists without one: made by 0.1.0, whose
    /// components were the minimal ones.
    pub fn unrecorded() -> Skeleton {
        Skeleton::Minimal
    }
}

impl std::fmt::Display for Skeleton {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
