//! The `attrib` command line tool, a thin layer over attrib-core.

use clap::Parser;

/// Validate, convert and inspect Attrib annotation files.
#[derive(Parser)]
#[command(name = "attrib", version, about)]
struct Cli {}

fn main() {
    let _cli = Cli::parse();
}
