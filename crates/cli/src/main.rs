//! The `attrib` command line tool, a thin layer over attrib-core: validate,
//! convert and count annotation files, suggest quotes and score the
//! suggestions, make assignments and score students against a key. See `attrib --help`.

mod args;
mod assignment;
mod convert;
mod eval;
mod failure;
mod html;
mod input;
mod output;
mod score;
mod stats;
mod suggest;
mod validate;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};
use failure::Failure;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli.command) {
        Ok(code) => code,
        Err(failure) => {
            eprintln!("error: {failure}");
            failure.exit_code()
        }
    }
}

fn run(command: &Command) -> Result<ExitCode, Failure> {
    match command {
        Command::Validate(args) => validate::run(args),
        Command::Convert(args) => convert::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Suggest(args) => suggest::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Agree(_) => Ok(reserved("agree")),
        Command::Score(args) => score::run(args),
        Command::Assignment(args) => assignment::run(args),
    }
}

/// The answer of a command reserved for later work: a message and exit 2.
fn reserved(name: &str) -> ExitCode {
    eprintln!("attrib {name}: not yet implemented");
    ExitCode::from(2)
}
