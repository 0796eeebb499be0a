//! `claimsmap import`: a dataset's boundary files from Natural Earth.

use crate::cli::plan::ImportPlan;
use crate::cli::ui::Ui;
use crate::error::Result;
use crate::import;
use crate::output::OutDir;

pub(in crate::cli) fn run(plan: &ImportPlan, ui: &mut Ui<'_>) -> Result<()> {
    if let Some(country) = &plan.list {
        let admin1 = match &plan.recipe {
            Some(r) => import::recipe::load(r)?.source.admin1,
            None => import::NE_ADMIN1.to_string(),
        };
        return ui.print(&import::list(&plan.source.join(admin1), country)?);
    }
    let Some(recipe) = &plan.recipe else {
        return Err(crate::Error::Usage(
            "import needs --recipe FILE (or --list COUNTRY)".into(),
        ));
    };
    let dir = OutDir::claim(&plan.out, plan.force)?;
    let s = import::run(recipe, &plan.source, &dir, plan.settlements)?;
    let mut text = format!(
        "wrote {}: {} units, {} context countries, {} places, {} water features",
        dir.path().display(),
        s.units,
        s.context,
        s.places,
        s.water
    );
    if s.population {
        text.push_str(", official population per unit");
    }
    if let Some(n) = s.settlements {
        text.push_str(&format!(
            ", {n} settlements ({} outside the units left out)",
            s.settlements_outside
        ));
    }
    text.push('\n');
    ui.print(&text)
}
