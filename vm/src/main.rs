//! The `strix` command line.

fn main() {
    eprintln!("strix: the VM is being built");
    std::process::exit(1);
}
