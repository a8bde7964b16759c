//! Chart data → SVG strings, drawn with plotters' SVG backend (no system
//! fonts: the browser renders the text). Every chart is responsive (a
//! viewBox, no fixed size), carries `role="img"` with a `<title>` and a
//! `<desc>` that reads out the data, and draws no mesh lines beyond a few
//! horizontal guides. Sparklines are a few lines of SVG written by hand.

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::error::{Error, Result};
use crate::report::format::{escape_html, push_fixed, Formatter};
use crate::report::BarChart;

const WIDTH: u32 = 640;
const HEIGHT: u32 = 300;
const TEXT: RGBColor = RGBColor(55, 65, 81);
/// The axis labels' size, in plotters' units.
const LABEL_SIZE: f64 = 19.0;
const GUIDE: RGBColor = RGBColor(229, 231, 235);
const BAR: RGBColor = RGBColor(37, 99, 235);
const TARGET: RGBColor = RGBColor(180, 83, 9);

fn chart_error(e: impl std::fmt::Display) -> Error {
    Error::Internal {
        context: "drawing a chart",
        message: e.to_string(),
    }
}

/// Bars with an optional target per bar, drawn as a step across it.
pub fn bar_chart(chart: &BarChart, fmt: &Formatter) -> Result<String> {
    let n = chart.labels.len().max(1);
    let top = chart
        .bars
        .iter()
        .copied()
        .chain(chart.targets.iter().flatten().copied())
        .fold(0.0_f64, f64::max);
    let top = nice_ceiling(top * 1.08);
    // A chart's SVG is 5–7 KB: written into room for it, not regrown.
    let mut svg = String::with_capacity(8 << 10);
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let mut ctx = ChartBuilder::on(&root)
            .margin(8)
            .x_label_area_size(34)
            .y_label_area_size(if chart.money { 110 } else { 60 })
            // `(0..k).into_segmented()` has k + 1 slots: `0..n - 1` gives
            // one per bar, with no empty slot after the last (issue 15,
            // item 9: the funnel had an empty fourth). `0..0` is
            // degenerate in plotters (it maps to pixel 0), so a single
            // bar spans both slots of `0..1` and is labelled at their
            // shared edge, the middle.
            .build_cartesian_2d((0..(n - 1).max(1)).into_segmented(), 0.0..top)
            .map_err(chart_error)?;
        let label_style = ("sans-serif", LABEL_SIZE).into_font().color(&TEXT);
        let labels = &chart.axis_labels;
        let single = n == 1;
        // Where bar `i` ends: the next slot's edge, or the plot's for the
        // single bar.
        let end = |i: usize| {
            if single {
                SegmentValue::Last
            } else {
                SegmentValue::Exact(i + 1)
            }
        };
        let y_label = |v: &f64| {
            if chart.money {
                fmt.money(*v)
            } else {
                fmt.number(*v, if top < 10.0 { 1 } else { 0 })
            }
        };
        ctx.configure_mesh()
            .disable_x_mesh()
            .y_labels(5)
            .bold_line_style(GUIDE.stroke_width(1))
            .light_line_style(TRANSPARENT)
            .axis_style(GUIDE.stroke_width(1))
            .x_label_style(label_style.clone())
            .y_label_style(label_style.clone())
            .x_labels(n)
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) if !single => labels.get(*i).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .y_label_formatter(&y_label)
            .draw()
            .map_err(chart_error)?;
        if single {
            let (x, y) = ctx.backend_coord(&(SegmentValue::Exact(1), 0.0));
            let centred = label_style.clone().pos(Pos::new(HPos::Center, VPos::Top));
            root.draw(&Text::new(
                labels.first().cloned().unwrap_or_default(),
                (x, y + 9),
                centred,
            ))
            .map_err(chart_error)?;
        }
        let gap = (WIDTH as usize / n / 8).clamp(2, 12) as u32;
        ctx.draw_series(chart.bars.iter().enumerate().map(|(i, value)| {
            let mut bar = Rectangle::new(
                [(SegmentValue::Exact(i), 0.0), (end(i), *value)],
                BAR.filled(),
            );
            bar.set_margin(0, 0, gap, gap);
            bar
        }))
        .map_err(chart_error)?;
        for (i, target) in chart.targets.iter().enumerate() {
            if let Some(t) = target {
                ctx.draw_series(LineSeries::new(
                    [(SegmentValue::Exact(i), *t), (end(i), *t)],
                    TARGET.stroke_width(3),
                ))
                .map_err(chart_error)?;
            }
        }
        root.present().map_err(chart_error)?;
    }
    let desc = chart
        .labels
        .iter()
        .enumerate()
        .map(|(i, label)| match chart.target_text.get(i) {
            Some(t) => format!("{label}: {} / {t}", chart.bar_text[i]),
            None => format!("{label}: {}", chart.bar_text[i]),
        })
        .collect::<Vec<_>>()
        .join("; ");
    Ok(accessible(&svg, &chart.id, &chart.title, &desc))
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

/// Replaces plotters' fixed-size root with a responsive, labelled one and
/// drops the newlines plotters puts around every text.
fn accessible(svg: &str, id: &str, title: &str, desc: &str) -> String {
    let body_start = svg.find('>').map(|i| i + 1).unwrap_or(0);
    let body = without_empty_texts(&tidied(svg[body_start..].trim_start()));
    format!(
        "<svg viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"100%\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" class=\"chart\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{body}",
        escape_html(title),
        escape_html(desc),
    )
}

/// plotters' SVG less the newlines it puts around every text and what it
/// repeats on every element, said once by the page's CSS (`svg.chart
/// text`, `svg.chart polyline`) or the SVG default: a quarter of each
/// chart's bytes (issue 16). One pass over the text, for the thousands of
/// charts of a large site.
fn tidied(svg: &str) -> String {
    let label = label_attributes();
    // plotters writes a label's opacity between its size and its fill.
    let label_as_written = label.replace(" fill=", " opacity=\"1\" fill=");
    let swaps: [(&str, &str); 7] = [
        (">\n", ">"),
        // Its closing `>` is left to be read on, for a newline after it.
        ("\n</text", "</text"),
        (&label_as_written, ""),
        (" opacity=\"1\"", ""),
        (" stroke-width=\"1\"", ""),
        ("<polyline fill=\"none\"", "<polyline"),
        (&label, ""),
    ];
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find(['>', '\n', ' ', '<']) {
        let (before, here) = rest.split_at(at);
        out.push_str(before);
        match swaps.iter().find(|(from, _)| here.starts_with(from)) {
            Some((from, to)) => {
                out.push_str(to);
                rest = &here[from.len()..];
            }
            None => {
                // The byte found is ASCII: one char.
                out.push_str(&here[..1]);
                rest = &here[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The attributes plotters writes on every axis label, which the page's
/// CSS gives every chart text instead (a test keeps the two together).
fn label_attributes() -> String {
    // plotters' SVG backend writes a font's size divided by 1.24.
    let size = LABEL_SIZE / 1.24;
    format!(" font-family=\"sans-serif\" font-size=\"{size}\" fill=\"#374151\"")
}

/// The SVG without `<text …></text>` elements that say nothing (the axis
/// labels a single bar's chart leaves empty): a screen reader skips them,
/// and so does the page's byte count.
fn without_empty_texts(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find("<text") {
        let Some(close) = rest[at..].find('>') else {
            break;
        };
        let open_end = at + close + 1;
        if rest[open_end..].starts_with("</text>") {
            out.push_str(&rest[..at]);
            rest = &rest[open_end + "</text>".len()..];
        } else {
            out.push_str(&rest[..open_end]);
            rest = &rest[open_end..];
        }
    }
    out.push_str(rest);
    out
}

/// A month-by-month line of a standard, 96 × 24, with the target dashed.
/// Decorative (`aria-hidden`): the month table beside it holds the numbers.
pub fn sparkline(values: &[Option<f64>], target: f64) -> String {
    const W: f64 = 96.0;
    const H: f64 = 24.0;
    let present: Vec<f64> = values.iter().flatten().copied().collect();
    if present.is_empty() {
        return String::new();
    }
    let hi = present.iter().copied().fold(target, f64::max);
    let lo = present.iter().copied().fold(target.min(0.0), f64::min);
    let span = (hi - lo).max(f64::EPSILON);
    let step = if values.len() > 1 {
        W / (values.len() - 1) as f64
    } else {
        0.0
    };
    let y = |v: f64| 2.0 + (H - 4.0) * (1.0 - (v - lo) / span);
    // Written straight into one string (8,000 sparklines at M), numbers by
    // `push_fixed`: the same digits as `{:.1}` without the standard
    // library's big-number fallback.
    let last = values.iter().rposition(Option::is_some).unwrap_or(0);
    let mut svg = String::with_capacity(300 + 16 * values.len());
    // A 96 × 24 box, 2 to spare on either side for the dot.
    svg.push_str("<svg class=\"spark\" viewBox=\"-2 0 100 24\" width=\"96\" height=\"24\" aria-hidden=\"true\"><line x1=\"0\" x2=\"96\" y1=\"");
    push_fixed(&mut svg, y(target), 1);
    svg.push_str("\" y2=\"");
    push_fixed(&mut svg, y(target), 1);
    svg.push_str("\" class=\"spark-target\"/><path d=\"");
    // The line breaks at months without a value.
    let mut drawing = false;
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => {
                svg.push(if drawing { 'L' } else { 'M' });
                push_fixed(&mut svg, i as f64 * step, 1);
                svg.push(' ');
                push_fixed(&mut svg, y(*v), 1);
                drawing = true;
            }
            None => drawing = false,
        }
    }
    svg.push_str("\" class=\"spark-line\"/><circle cx=\"");
    push_fixed(&mut svg, last as f64 * step, 1);
    svg.push_str("\" cy=\"");
    push_fixed(&mut svg, values[last].map(y).unwrap_or(0.0), 1);
    svg.push_str("\" r=\"2\" class=\"spark-dot\"/></svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;

    fn sample() -> BarChart {
        BarChart {
            id: "c1".into(),
            title: "Won <against> quota".into(),
            labels: vec!["Jan 2024".into(), "Feb 2024".into(), "Mar 2024".into()],
            axis_labels: vec!["Jan".into(), "Feb".into(), "Mar".into()],
            bars: vec![1000.0, 2500.0, 0.0],
            targets: vec![Some(2000.0), Some(2000.0), None],
            money: true,
            bar_label: "Won".into(),
            target_label: "Quota".into(),
            bar_text: vec!["$1,000".into(), "$2,500".into(), "$0".into()],
            target_text: vec!["$2,000".into(), "$2,000".into(), "–".into()],
            note: String::new(),
        }
    }

    #[test]
    fn the_chart_is_responsive_labelled_and_escaped() {
        let svg = bar_chart(&sample(), &Formatter::new(Language::En, "$")).unwrap();
        assert!(svg.starts_with("<svg viewBox=\"0 0 640 300\" width=\"100%\" role=\"img\""));
        assert!(svg.contains("<title id=\"c1-title\">Won &lt;against&gt; quota</title>"));
        assert!(svg.contains("Feb 2024: $2,500 / $2,000"));
        assert!(!svg.contains("http"), "no external reference");
        // plotters writes a newline around every text; none is left.
        assert!(!svg.contains('\n'), "{svg}");
        assert!(svg.trim_end().ends_with("</svg>"));
        // Label style and defaults said once by the page's CSS, not on
        // every element.
        assert!(svg.contains(">Feb</text>"));
        for repeated in [
            "font-size=",
            "font-family=",
            "opacity=\"1\"",
            "stroke-width=\"1\"",
        ] {
            assert!(!svg.contains(repeated), "{repeated}");
        }
        // Three bars, one per month, and two quota steps (March has none).
        assert_eq!(svg.matches("fill=\"#2563EB\"").count(), 3);
        assert_eq!(svg.matches("stroke=\"#B45309\"").count(), 2);
        // Month names under the bars, amounts with thousands separators.
        assert!(svg.contains(">Feb</text>"));
        assert!(svg.contains(">$2,000</text>"));
        assert!(
            !svg.contains("<line") || svg.matches("<line").count() <= 6,
            "guides only"
        );
    }

    /// The right edge of the last bar, from the SVG.
    fn last_bar_end(svg: &str) -> f64 {
        let rect = svg.rsplit("<rect ").next().unwrap();
        let attr = |name: &str| -> f64 {
            let at = rect.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            rect[at..].split('"').next().unwrap().parse().unwrap()
        };
        attr("x") + attr("width")
    }

    /// Issue 15, item 9: three bars left an empty fourth slot; the bars
    /// now fill the plot, whose right edge is at 631 of 640 units — a
    /// single bar too, labelled under its middle.
    #[test]
    fn bars_fill_the_plot_with_no_empty_slot() {
        let fmt = Formatter::new(Language::En, "$");
        for bars in [1, 2, 3, 12] {
            let mut chart = sample();
            chart.labels = (0..bars).map(|i| format!("L{i}")).collect();
            chart.axis_labels = chart.labels.clone();
            chart.bars = vec![1.0; bars];
            chart.targets = Vec::new();
            chart.target_text = Vec::new();
            chart.bar_text = vec!["1".into(); bars];
            let svg = bar_chart(&chart, &fmt).unwrap();
            assert_eq!(svg.matches("fill=\"#2563EB\"").count(), bars);
            let end = last_bar_end(&svg);
            assert!(end > 600.0, "{bars} bars end at {end}");
            // Every bar's label is under it, and no label is empty.
            let labelled = (0..bars).filter(|i| svg.contains(&format!(">L{i}</text>")));
            assert_eq!(labelled.count(), bars);
            assert!(!svg.contains("></text>"), "{bars}: an empty label");
            if bars == 1 {
                let text = &svg[..svg.find(">L0</text>").expect("the label")];
                let text = &text[text.rfind("<text").unwrap()..];
                let x: f64 = text["<text x=\"".len()..]
                    .split('"')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap();
                let rect = &svg[svg.find("fill=\"#2563EB\"").unwrap() - 80..];
                let left: f64 = rect[rect.find(" x=\"").unwrap() + 4..]
                    .split('"')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap();
                assert!(
                    (x - (left + end) / 2.0).abs() < 8.0,
                    "{x} under {left}..{end}"
                );
            }
        }
    }

    #[test]
    fn axis_tops_are_round() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(1080.0), 2000.0);
        assert_eq!(nice_ceiling(2400.0), 2500.0);
        assert_eq!(nice_ceiling(51_000.0), 100_000.0);
    }

    #[test]
    fn sparklines_break_at_missing_months() {
        let svg = sparkline(&[Some(0.5), None, Some(1.0), Some(1.5)], 1.0);
        // Range 0..1.5; y = 2 + 20 × (1 − v / 1.5); x steps of 32.
        assert!(svg.contains("d=\"M0.0 15.3M64.0 8.7L96.0 2.0\""), "{svg}");
        assert!(svg.contains("y1=\"8.7\""), "target line at 1.0: {svg}");
        // The whole element, the dot on the last value (x 96, y 2).
        assert_eq!(
            svg,
            "<svg class=\"spark\" viewBox=\"-2 0 100 24\" width=\"96\" height=\"24\" \
             aria-hidden=\"true\"><line x1=\"0\" x2=\"96\" y1=\"8.7\" y2=\"8.7\" \
             class=\"spark-target\"/><path d=\"M0.0 15.3M64.0 8.7L96.0 2.0\" \
             class=\"spark-line\"/><circle cx=\"96.0\" cy=\"2.0\" r=\"2\" class=\"spark-dot\"/></svg>"
        );
        assert_eq!(sparkline(&[None, None], 1.0), "");
    }
}
