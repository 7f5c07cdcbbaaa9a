//! `acwh logout`: forget a profile's saved credentials.

use crate::config;
use crate::context::Context;
use crate::output::{Out, note};

pub(crate) fn run(ctx: &Context) -> anyhow::Result<()> {
    let name = config::profile_name(ctx);
    let (mut file, path) = super::config::load(ctx)?;
    let shown_name = crate::escape::line(&name);
    if file.profiles.remove(&name).is_none() {
        note(&format!(
            "no saved credentials for profile {shown_name} in {}",
            config::shown(&path)
        ));
        return Ok(());
    }
    file.save(&path)?;
    Out::default().line(&format!(
        "Removed profile {shown_name} from {}",
        config::shown(&path)
    ))?;
    Ok(())
}
