//! The `attrib` command line tool, a thin layer over attrib-core: validate,
//! convert and count annotation files, suggest quotes and score the
//! suggestions, measure agreement between annotators and merge their versions, make assignments and
//! score students against a key. See `attrib --help`.

mod adjudicate;
mod agree;
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
        Command::Agree(args) => agree::run(args),
        Command::Adjudicate(args) => adjudicate::run(args),
        Command::Score(args) => score::run(args),
        Command::Assignment(args) => assignment::run(args),
    }
}
