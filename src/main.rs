//! The `packer-scaffold` binary: everything happens in the library's `run`.

fn main() -> std::process::ExitCode {
    packer_scaffold::run(std::env::args_os())
}
