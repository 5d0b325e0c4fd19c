//! Every rule for a name or text the user gives: plugin and component names, GitHub owners,
//! Go module paths, free text, and names Packer or HashiCorp already use. Each check returns
//! `Error::InvalidInput` with the problem and a help line that says what to type instead.

mod free_text;
mod module_path;
mod org;
mod packer;
mod plugin_name;

pub use free_text::{check_free_text, free_text};
pub use module_path::check_module_path;
pub use org::check_org;
pub use packer::{check_not_built_in, official_name_warning};
pub use plugin_name::{check_name_shape, check_plugin_name, go_package};
