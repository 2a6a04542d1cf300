//! Why a command failed, and the exit status each kind of failure gives.

use std::fmt;
use std::process::ExitCode;

/// A failure reported on standard error as `error: <message>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The command was used wrongly (a missing `--text` or `-o`): exit 2,
    /// the status clap gives for its own usage errors.
    Usage(String),
    /// The data could not be read, converted or written: exit 1.
    Data(String),
}

impl Failure {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Usage(_) => ExitCode::from(2),
            Failure::Data(_) => ExitCode::from(1),
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Failure::Usage(message) | Failure::Data(message) => message,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}
