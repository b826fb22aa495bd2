//! `planpress import FILE --plan ID --version ID`: writes a new version
//! folder from a Word document or converted text, then prints the report.

use crate::cli::ImportArgs;
use crate::diagnostics::ExitStatus;
use crate::import::{import, Options, Status};

pub(super) fn import_command(args: &ImportArgs) -> ExitStatus {
    let status = match args.status.as_str() {
        "draft" => Status::Draft,
        "consultation" => Status::Consultation,
        "final" => Status::Final,
        "superseded" => Status::Superseded,
        other => {
            eprintln!(
                "error: --status `{other}`: expected draft, consultation, final or superseded"
            );
            return ExitStatus::UsageError;
        }
    };
    let options = Options {
        file: &args.file,
        root: &args.root,
        plan: &args.plan,
        version: &args.version,
        // No filler name: the version's own folder name, as the user gave it.
        label: args.label.as_deref().unwrap_or(&args.version),
        status,
        title: args.title.as_deref(),
        based_on: args.based_on.as_deref(),
        map: args.map.as_deref(),
    };
    match import(&options) {
        Ok(outcome) => {
            let file = args.file.display().to_string();
            eprint!("{}", outcome.report.render(&file));
            eprintln!(
                "Imported {} into {} ({} files, {} notes).",
                file,
                outcome.version_dir.display(),
                outcome.files,
                outcome.report.entries().len()
            );
            eprintln!(
                "Build it with: planpress build --root {}",
                args.root.display()
            );
            ExitStatus::Success
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitStatus::UsageError
        }
    }
}
