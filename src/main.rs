//! The `claimsmap` binary: parse the command line, run, print the error once,
//! exit with the documented code (0 ok, 1 runtime/I-O error, 2 bad input or usage).

use std::process::ExitCode;

fn main() -> ExitCode {
    // A panic inside a guarded geometry operation becomes an error message
    // naming the unit; only unexpected panics print their own report.
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !claimsmap::geometry::in_guarded() {
            report(info);
        }
    }));
    let args = <claimsmap::cli::Cli as clap::Parser>::parse();
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr();
    match claimsmap::cli::run(args, &mut stdout, &mut stderr) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{}", claimsmap::cli::error_message(&err));
            ExitCode::from(err.exit_code())
        }
    }
}
