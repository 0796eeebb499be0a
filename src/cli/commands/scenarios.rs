//! `claimsmap scenarios`: the dataset's scenarios, described, or their ids.

use crate::cli::ui::Ui;
use crate::error::Result;
use crate::load;
use crate::session::DataSource;

pub(in crate::cli) fn run(source: &DataSource, ids_only: bool, ui: &mut Ui<'_>) -> Result<()> {
    let data = load::dataset_with(&source.dir, &source.boundaries)?;
    for sc in &data.scenarios.scenarios {
        let text = if ids_only {
            format!("{}\n", sc.id)
        } else {
            let base = sc
                .base
                .as_ref()
                .map(|b| format!(" (starts from {b})"))
                .unwrap_or_default();
            format!(
                "{}: {}{base}\n  {}\n  sources: {}\n",
                sc.id,
                sc.title,
                sc.description,
                sc.sources.join(", ")
            )
        };
        ui.print(&text)?;
    }
    Ok(())
}
