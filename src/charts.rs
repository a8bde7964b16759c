//! Chart data → SVG strings, drawn with plotters' SVG backend (no system
//! fonts: the browser renders the text). Every chart is responsive (a
//! viewBox and no fixed size), carries `role="img"` with a `<title>` and
//! `<desc>`, and draws no mesh lines beyond a few horizontal guides.

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

use crate::error::{Error, Result};
use crate::report::format::{escape_html, Formatter};
use crate::report::WonQuotaChart;

const WIDTH: u32 = 720;
const HEIGHT: u32 = 260;
const TEXT: RGBColor = RGBColor(55, 65, 81);
const GUIDE: RGBColor = RGBColor(229, 231, 235);
const WON: RGBColor = RGBColor(37, 99, 235);
const QUOTA: RGBColor = RGBColor(180, 83, 9);

fn chart_error(e: impl std::fmt::Display) -> Error {
    Error::Internal {
        context: "drawing a chart",
        message: e.to_string(),
    }
}

/// Monthly won amount as bars, the quota as a stepped line over them.
/// `id` must be unique within the page (it names the title and desc).
pub fn won_vs_quota(chart: &WonQuotaChart, fmt: &Formatter, id: &str) -> Result<String> {
    let n = chart.months.len().max(1);
    let top = chart
        .won
        .iter()
        .copied()
        .chain(chart.quota.iter().flatten().copied())
        .fold(0.0_f64, f64::max);
    let top = nice_ceiling(top * 1.08);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let mut ctx = ChartBuilder::on(&root)
            .margin(8)
            .x_label_area_size(28)
            .y_label_area_size(84)
            .build_cartesian_2d((0..n).into_segmented(), 0.0..top)
            .map_err(chart_error)?;
        let label_style = ("sans-serif", 16).into_font().color(&TEXT);
        let months = &chart.months;
        ctx.configure_mesh()
            .disable_x_mesh()
            .y_labels(5)
            .bold_line_style(GUIDE.stroke_width(1))
            .light_line_style(TRANSPARENT)
            .axis_style(GUIDE.stroke_width(1))
            .x_label_style(label_style.clone())
            .y_label_style(label_style)
            .x_labels(n)
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => months
                    .get(*i)
                    // Short labels: the month name, and the year under January.
                    .map(|m| m.split(' ').next().unwrap_or(m).to_string())
                    .unwrap_or_default(),
                _ => String::new(),
            })
            .y_label_formatter(&|v| fmt.money(*v))
            .draw()
            .map_err(chart_error)?;
        ctx.draw_series(chart.won.iter().enumerate().map(|(i, won)| {
            let mut bar = Rectangle::new(
                [
                    (SegmentValue::Exact(i), 0.0),
                    (SegmentValue::Exact(i + 1), *won),
                ],
                WON.filled(),
            );
            bar.set_margin(0, 0, 6, 6);
            bar
        }))
        .map_err(chart_error)?;
        // The quota as a step per month, so each bar is read against its own month.
        for (i, quota) in chart.quota.iter().enumerate() {
            if let Some(q) = quota {
                ctx.draw_series(LineSeries::new(
                    [
                        (SegmentValue::Exact(i), *q),
                        (SegmentValue::Exact(i + 1), *q),
                    ],
                    QUOTA.stroke_width(3),
                ))
                .map_err(chart_error)?;
            }
        }
        root.present().map_err(chart_error)?;
    }
    let desc = chart
        .months
        .iter()
        .zip(chart.won_text.iter().zip(&chart.quota_text))
        .map(|(m, (w, q))| format!("{m}: {w} / {q}"))
        .collect::<Vec<_>>()
        .join("; ");
    Ok(accessible(&svg, id, &chart.title, &desc))
}

/// Rounds up to 1, 2, 2.5 or 5 times a power of ten, for clean axis ticks.
fn nice_ceiling(x: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|v| *v >= x)
        .unwrap_or(10.0 * magnitude)
}

/// Replaces plotters' fixed-size root with a responsive, labelled one.
fn accessible(svg: &str, id: &str, title: &str, desc: &str) -> String {
    let body_start = svg.find('>').map(|i| i + 1).unwrap_or(0);
    let body = &svg[body_start..];
    format!(
        "<svg viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"100%\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" class=\"chart\" \
         preserveAspectRatio=\"xMidYMid meet\"><title id=\"{id}-title\">{}</title>\
         <desc id=\"{id}-desc\">{}</desc>{}",
        escape_html(title),
        escape_html(desc),
        body.trim_start()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;

    fn sample() -> WonQuotaChart {
        WonQuotaChart {
            title: "Won <against> quota".into(),
            present: true,
            months: vec!["Jan 2024".into(), "Feb 2024".into(), "Mar 2024".into()],
            won: vec![1000.0, 2500.0, 0.0],
            quota: vec![Some(2000.0), Some(2000.0), None],
            won_text: vec!["$1,000".into(), "$2,500".into(), "$0".into()],
            quota_text: vec!["$2,000".into(), "$2,000".into(), "–".into()],
        }
    }

    #[test]
    fn the_chart_is_responsive_labelled_and_escaped() {
        let svg = won_vs_quota(&sample(), &Formatter::new(Language::En, "$"), "c1").unwrap();
        assert!(svg.starts_with("<svg viewBox=\"0 0 720 260\" width=\"100%\" role=\"img\""));
        assert!(svg.contains("<title id=\"c1-title\">Won &lt;against&gt; quota</title>"));
        assert!(svg.contains("Feb 2024: $2,500 / $2,000"));
        assert!(!svg.contains("http"), "no external reference");
        assert!(svg.trim_end().ends_with("</svg>"));
        // Three bars, one per month, and two quota steps (March has none).
        assert_eq!(svg.matches("fill=\"#2563EB\"").count(), 3);
        assert_eq!(svg.matches("stroke=\"#B45309\"").count(), 2);
        // Month names under the bars, amounts with thousands separators.
        assert!(svg.contains(">\nFeb\n</text>"));
        assert!(svg.contains("$2,000"));
    }

    #[test]
    fn axis_tops_are_round() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(1080.0), 2000.0);
        assert_eq!(nice_ceiling(2400.0), 2500.0);
        assert_eq!(nice_ceiling(51_000.0), 100_000.0);
    }
}
