//! A component registration as `main.go` makes it: which `Register…` method, under which
//! name, for which package. `edit::go` reads them; `reconcile` compares them with a manifest.

/// How a component is named in its registration call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegisteredName {
    /// `<pluginpkg>.DEFAULT_NAME`: the component's HCL type is the plugin name.
    Default,
    /// A string literal (unquoted value); any other expression is kept as its source text.
    Named(String),
}

/// One `<set>.Register<Kind>(<name>, <value>)` call found in main.go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    /// `"RegisterBuilder"`, `"RegisterProvisioner"`, `"RegisterPostProcessor"` or `"RegisterDatasource"`.
    pub register_fn: String,
    /// The name argument.
    pub name: RegisteredName,
    /// Import path of the package in `new(alias.Type)` / `&alias.Type{}`, if the imports resolve it.
    pub import_path: Option<String>,
    /// 1-based line of the call.
    pub line: usize,
}
