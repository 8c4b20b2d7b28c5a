//! The report's two pictures as hand-written SVG. No charting dependency: the layouts are
//! simple and deterministic (the same report gives the same bytes), and maud escapes the text.
//! Colours are presentation attributes, so a chart also reads on its own, outside the page.

use crate::report::model::{EgoNetwork, EgoNode, ThemeBar};
use maud::{Markup, html};
use std::f64::consts::{FRAC_PI_2, TAU};

const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, \
                    'Liberation Sans', 'DejaVu Sans', sans-serif";
const INK: &str = "#1d2733";
const MUTED: &str = "#5b6573";
const GRID: &str = "#dfe3e8";
const BAND: &str = "#f4f6f9";
/// Average glyph width of the sans-serif fonts at 12px, for laying out legends.
const CHAR_W: f64 = 6.8;

/// One series of the coverage chart.
struct Series {
    name: &'static str,
    one: &'static str,
    many: &'static str,
    colour: &'static str,
    value: fn(&ThemeBar) -> u64,
}

/// What the strategy asks for (warm) against what the organisation has (cool), so the eye
/// catches a theme with a long orange bar and no blue or green ones.
const SERIES: [Series; 3] = [
    Series {
        name: "Strategy statements",
        one: "strategy statement",
        many: "strategy statements",
        colour: "#c0601c",
        value: |b| b.priority_weight,
    },
    Series {
        name: "Our projects",
        one: "project",
        many: "projects",
        colour: "#2d6da8",
        value: |b| b.projects,
    },
    Series {
        name: "Our expertise areas",
        one: "expertise area",
        many: "expertise areas",
        colour: "#2f8566",
        value: |b| b.expertise,
    },
];

fn count(n: u64, series: &Series) -> String {
    format!("{n} {}", if n == 1 { series.one } else { series.many })
}

/// Greedy word wrap to at most `max_lines` lines of `width` characters. The last line takes
/// the rest of the text and, if it does not fit, ends in "…", cut at a word when one ends past
/// half the line (the full text goes in a `<title>`).
fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut words = text.split_whitespace().peekable();
    while lines.len() + 1 < max_lines {
        let Some(first) = words.next() else { break };
        let mut line = first.to_owned();
        while let Some(word) = words.peek() {
            if line.chars().count() + 1 + word.chars().count() > width {
                break;
            }
            line.push(' ');
            line.push_str(word);
            words.next();
        }
        lines.push(line);
    }
    let rest: Vec<&str> = words.collect();
    if !rest.is_empty() {
        lines.push(rest.join(" "));
    }
    if let Some(last) = lines.last_mut()
        && last.chars().count() > width
    {
        let kept: String = last.chars().take(width - 1).collect();
        let cut = match kept.rfind(' ') {
            Some(space) if kept[..space].chars().count() * 2 > width => &kept[..space],
            _ => kept.as_str(),
        };
        *last = format!("{}…", cut.trim_end());
    }
    lines
}

/// 1, 2 or 5 times a power of ten, so that the axis has at most six steps.
fn tick_step(max: u64) -> u64 {
    let mut base = 1;
    loop {
        for step in [base, 2 * base, 5 * base] {
            if max.div_ceil(step) <= 6 {
                return step;
            }
        }
        base *= 10;
    }
}

fn px(v: f64) -> String {
    format!("{v:.1}")
}

/// Grouped horizontal bars, one group per theme: strategy statements (the priority weight),
/// our projects and our expertise areas, on one count axis.
pub fn coverage_chart(bars: &[ThemeBar]) -> String {
    // One drawing top to bottom (legend, grid, bars, axis) sharing its layout constants and
    // scale: split up, each part would take half of them as arguments.
    const WIDTH: f64 = 640.0;
    const PLOT_X: f64 = 214.0;
    const PLOT_W: f64 = 372.0;
    const BAR_H: f64 = 11.0;
    const BAR_GAP: f64 = 3.0;
    const GROUP_H: f64 = 3.0 * BAR_H + 2.0 * BAR_GAP;
    const PITCH: f64 = GROUP_H + 18.0;
    const TOP: f64 = 48.0;

    let max = bars
        .iter()
        .flat_map(|b| SERIES.iter().map(move |s| (s.value)(b)))
        .max()
        .unwrap_or(0)
        .max(1);
    let step = tick_step(max);
    let axis_max = max.div_ceil(step) * step;
    let scale = PLOT_W / axis_max as f64;
    let plot_bottom = TOP + bars.len() as f64 * PITCH - 9.0;
    let height = plot_bottom + 42.0;
    let ticks: Vec<u64> = (0..=axis_max / step).map(|k| k * step).collect();

    let mut legend_x = 8.0;
    let legend: Vec<(f64, &Series)> = SERIES
        .iter()
        .map(|s| {
            let x = legend_x;
            legend_x += 18.0 + s.name.chars().count() as f64 * CHAR_W + 22.0;
            (x, s)
        })
        .collect();

    let desc: Vec<String> = bars
        .iter()
        .map(|b| {
            let counts: Vec<String> = SERIES.iter().map(|s| count((s.value)(b), s)).collect();
            format!("{}: {}.", super::theme_label(&b.theme), counts.join(", "))
        })
        .collect();

    let chart = html! {
        svg xmlns="http://www.w3.org/2000/svg" class="coverage-chart" role="img"
            viewBox=(format!("0 0 {WIDTH} {}", px(height))) width=(WIDTH) height=(px(height))
            font-family=(FONT) font-size="12" fill=(INK) {
            title { "Coverage by theme" }
            desc {
                "For each theme: how many strategy statements ask for it, and how many of our \
                 projects and expertise areas are about it. "
                (desc.join(" "))
            }
            g class="legend" {
                @for (x, s) in &legend {
                    rect x=(px(*x)) y="10" width="12" height="12" rx="2" fill=(s.colour) {}
                    text x=(px(x + 17.0)) y="20.5" { (s.name) }
                }
            }
            @if bars.is_empty() {
                text x=(WIDTH / 2.0) y="40" text-anchor="middle" fill=(MUTED) {
                    "No themes to chart."
                }
            }
            @for i in (1..bars.len()).step_by(2) {
                rect x="0" y=(px(TOP + i as f64 * PITCH - 9.0)) width=(WIDTH) height=(px(PITCH))
                    fill=(BAND) {}
            }
            @if !bars.is_empty() {
                g class="axis" fill=(MUTED) font-size="11" {
                    @for tick in &ticks {
                        @let x = PLOT_X + *tick as f64 * scale;
                        line x1=(px(x)) x2=(px(x)) y1=(px(TOP - 12.0)) y2=(px(plot_bottom))
                            stroke=(GRID) stroke-width="1" {}
                        text x=(px(x)) y=(px(plot_bottom + 15.0)) text-anchor="middle" { (tick) }
                    }
                    text x=(px(PLOT_X + PLOT_W / 2.0)) y=(px(plot_bottom + 32.0))
                        text-anchor="middle" {
                        "number of statements, projects or expertise areas"
                    }
                }
            }
            @for (i, bar) in bars.iter().enumerate() {
                @let y0 = TOP + i as f64 * PITCH;
                // 24 characters of bold 12px text fit the 204px left of the plot.
                @let label = wrap(&bar.theme.label_en, 24, 2);
                @let first = y0 + GROUP_H / 2.0 - (label.len() as f64 - 1.0) * 7.5 + 4.0;
                g class="bar-group" {
                    title { (super::theme_label(&bar.theme)) }
                    text x=(px(PLOT_X - 10.0)) text-anchor="end" font-weight="600" {
                        @for (k, line) in label.iter().enumerate() {
                            tspan x=(px(PLOT_X - 10.0)) y=(px(first + k as f64 * 15.0)) { (line) }
                        }
                    }
                    @for (k, s) in SERIES.iter().enumerate() {
                        @let value = (s.value)(bar);
                        @let y = y0 + k as f64 * (BAR_H + BAR_GAP);
                        @let w = value as f64 * scale;
                        rect x=(PLOT_X) y=(px(y)) width=(px(w)) height=(BAR_H) rx="2"
                            fill=(s.colour) {
                            title { (bar.theme.label_en) ": " (count(value, s)) }
                        }
                        text x=(px(PLOT_X + w + 5.0)) y=(px(y + BAR_H - 1.5)) font-size="11"
                            fill=(if value == 0 { MUTED } else { INK }) {
                            (value)
                        }
                    }
                }
            }
        }
    };
    chart.into_string()
}

const SUBJECT_R: f64 = 20.0;
const NODE_R: f64 = 9.0;
const LABEL_CHARS: usize = 20;
const LABEL_SIZE: f64 = 13.0;
const LABEL_CHAR_W: f64 = CHAR_W * LABEL_SIZE / 12.0;
const LINE_H: f64 = 14.0;
/// Rings are ellipses this much flatter than wide: labels run horizontally, so height is
/// cheaper than width, and the picture matches the coverage chart beside it.
const FLATTEN: f64 = 0.8;
const PAD: f64 = 12.0;
const LEGEND_H: f64 = 34.0;

/// How each role is drawn: fill, stroke, stroke width, legend text. Candidates are hollow,
/// so the roles differ by more than colour.
fn node_style(role: &str) -> (&'static str, &'static str, f64, &'static str) {
    match role {
        "subject" => ("#1f3a5f", "#ffffff", 2.0, "Our organisation"),
        "partner" => ("#3a7bbf", "#ffffff", 1.5, "Partner"),
        "candidate" => ("#ffffff", "#c0601c", 3.0, "Candidate to close a gap"),
        _ => ("#8a94a3", "#ffffff", 1.5, "Other"),
    }
}

fn edge_width(shared: u64) -> f64 {
    (1.2 + 1.5 * (shared.max(1) - 1) as f64).min(8.0)
}

/// A node's place: centre and, on a ring, its angle (clockwise from the right, in radians).
struct Place {
    x: f64,
    y: f64,
    angle: Option<f64>,
    /// On a ring too crowded for horizontal labels.
    dense: bool,
}

/// Above this many nodes a ring's labels turn radial, one line each: horizontal two-line
/// labels would collide near the top and bottom of the ring.
const DENSE: usize = 8;
/// Room along a dense ring for one line of text.
const DENSE_SPACING: f64 = 17.0;

/// Evenly spaced angles starting half a step right of twelve o'clock, so no node sits exactly
/// above or below the centre where horizontal labels collide most.
fn slot(k: usize, n: usize) -> f64 {
    -FRAC_PI_2 + (k as f64 + 0.5) * TAU / n as f64
}

fn angle_distance(a: f64, b: f64) -> f64 {
    let d = (a - b).rem_euclid(TAU);
    d.min(TAU - d)
}

/// Subject in the centre (the origin), partners on the inner ring in the model's order,
/// candidates on the outer ring next to the partners they connect to: candidates are sorted by
/// the mean angle of their partners, starting after the widest empty arc (where unconnected
/// ones go), then the ring is turned to the rotation that keeps their edges shortest.
fn layout(ego: &EgoNetwork) -> Vec<Place> {
    // One algorithm in steps that feed each other (ring sizes, angles, the best rotation);
    // its closures share the rings, so it stays whole.
    let ring = |node: &EgoNode| match node.role.as_str() {
        "subject" => 0,
        "partner" => 1,
        _ => 2,
    };
    let members = |r| -> Vec<usize> {
        (0..ego.nodes.len())
            .filter(|&i| ring(&ego.nodes[i]) == r)
            .collect()
    };
    let (centre, inner, outer) = (members(0), members(1), members(2));
    // Dense rings grow so that neighbouring radial labels clear each other where the flattened
    // ring is tightest; radial inner labels need the room of a whole label before the outer ring.
    let ring_radius = |n: usize| {
        if n > DENSE {
            n as f64 * DENSE_SPACING / (FLATTEN * TAU)
        } else {
            0.0
        }
    };
    let r1 = ring_radius(inner.len()).max(120.0);
    let gap = if inner.len() > DENSE {
        LABEL_CHARS as f64 * LABEL_CHAR_W + 30.0
    } else {
        165.0
    };
    let r2 = if outer.is_empty() {
        r1
    } else {
        ring_radius(outer.len()).max(r1 + gap)
    };

    let mut angles: Vec<Option<f64>> = vec![None; ego.nodes.len()];
    for (k, &i) in inner.iter().enumerate() {
        angles[i] = Some(slot(k, inner.len()));
    }
    let target = |i: usize| -> Option<f64> {
        let (mut sin, mut cos) = (0.0, 0.0);
        for &(a, b, _) in &ego.edges {
            let other = if a == i {
                b
            } else if b == i {
                a
            } else {
                continue;
            };
            if let Some(Some(angle)) = angles.get(other) {
                sin += angle.sin();
                cos += angle.cos();
            }
        }
        (sin != 0.0 || cos != 0.0).then(|| (sin.atan2(cos) + FRAC_PI_2).rem_euclid(TAU))
    };
    let targets: Vec<Option<f64>> = outer.iter().map(|&i| target(i)).collect();
    let mut order: Vec<usize> = (0..outer.len()).filter(|&o| targets[o].is_some()).collect();
    order.sort_by(|&a, &b| {
        targets[a]
            .unwrap_or(0.0)
            .total_cmp(&targets[b].unwrap_or(0.0))
    });
    // Start the cycle after the widest empty arc, where the unconnected candidates go.
    let connected = order.len();
    if connected > 1 {
        let angle = |k: usize| targets[order[k % connected]].unwrap_or(0.0);
        let gap = |k: usize| (angle(k + 1) - angle(k)).rem_euclid(TAU);
        let widest = (0..connected)
            .max_by(|&a, &b| gap(a).total_cmp(&gap(b)))
            .unwrap_or(0);
        order.rotate_left((widest + 1) % connected);
    }
    order.extend((0..outer.len()).filter(|&o| targets[o].is_none()));
    let n = outer.len();
    let cost = |rotation: usize| -> f64 {
        order
            .iter()
            .enumerate()
            .filter_map(|(k, &o)| {
                let t = targets[o]? - FRAC_PI_2;
                Some(angle_distance(t, slot((k + rotation) % n, n)))
            })
            .sum()
    };
    let rotation = (0..n)
        .min_by(|&a, &b| cost(a).total_cmp(&cost(b)))
        .unwrap_or(0);
    for (k, &o) in order.iter().enumerate() {
        angles[outer[o]] = Some(slot((k + rotation) % n, n));
    }

    (0..ego.nodes.len())
        .map(|i| {
            let (radius, dense) = match ring(&ego.nodes[i]) {
                1 => (r1, inner.len() > DENSE),
                2 => (r2, outer.len() > DENSE),
                _ => (0.0, false),
            };
            // Several subjects (never expected) share the centre on a small circle.
            let angle = angles[i].or_else(|| {
                let k = centre.iter().position(|&c| c == i)?;
                (centre.len() > 1).then(|| slot(k, centre.len()))
            });
            let radius = if radius == 0.0 && angle.is_some() {
                40.0
            } else {
                radius
            };
            let a = angle.unwrap_or(0.0);
            Place {
                x: radius * a.cos(),
                y: radius * FLATTEN * a.sin(),
                angle: angles[i],
                dense,
            }
        })
        .collect()
}

/// A node's label outside its circle, away from the centre. On a sparse ring: horizontal,
/// wrapped to two lines, beside the node on the left and right, above or below it near the top
/// and bottom. On a dense ring: one line along the radius, turned upright on the left half.
struct Label {
    x: f64,
    /// Baseline of the first line.
    first: f64,
    anchor: &'static str,
    weight: &'static str,
    lines: Vec<String>,
    /// Direction of a radial label (radians), pointing away from the centre.
    radial: Option<f64>,
}

impl Label {
    fn of(node: &EgoNode, place: &Place, radius: f64) -> Self {
        let gap = radius + 6.0;
        if place.dense {
            let direction = place.y.atan2(place.x);
            let (sin, cos) = direction.sin_cos();
            return Self {
                x: place.x + cos * gap,
                first: place.y + sin * gap,
                anchor: if cos >= 0.0 { "start" } else { "end" },
                weight: "400",
                lines: wrap(&node.label, LABEL_CHARS, 1),
                radial: Some(direction),
            };
        }
        let lines = wrap(&node.label, LABEL_CHARS, 2);
        let n = lines.len() as f64;
        let (x, first, anchor) = match place.angle.map(f64::sin_cos) {
            None => (place.x, place.y + gap + 11.0, "middle"),
            Some((sin, cos)) if cos.abs() < 0.35 && sin < 0.0 => {
                (place.x, place.y - gap - 3.0 - (n - 1.0) * LINE_H, "middle")
            }
            Some((_, cos)) if cos.abs() < 0.35 => (place.x, place.y + gap + 11.0, "middle"),
            Some((_, cos)) => (
                place.x + cos.signum() * gap,
                place.y - (n - 1.0) * LINE_H / 2.0 + 4.5,
                if cos > 0.0 { "start" } else { "end" },
            ),
        };
        let weight = if place.angle.is_none() { "700" } else { "400" };
        Self {
            x,
            first,
            anchor,
            weight,
            lines,
            radial: None,
        }
    }

    /// Estimated extent (left, top, right, bottom), for fitting the picture's frame.
    fn bounds(&self) -> [f64; 4] {
        let chars = self
            .lines
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0);
        let width = chars as f64 * LABEL_CHAR_W;
        if let Some(direction) = self.radial {
            let (sin, cos) = direction.sin_cos();
            let (x2, y2) = (self.x + cos * width, self.first + sin * width);
            let half = LABEL_SIZE / 2.0;
            return [
                self.x.min(x2) - half,
                self.first.min(y2) - half,
                self.x.max(x2) + half,
                self.first.max(y2) + half,
            ];
        }
        let left = match self.anchor {
            "start" => self.x,
            "end" => self.x - width,
            _ => self.x - width / 2.0,
        };
        let bottom = self.first + (self.lines.len() as f64 - 1.0) * LINE_H + 4.0;
        [left, self.first - LABEL_SIZE, left + width, bottom]
    }

    fn markup(&self) -> Markup {
        // Text on the left half would read upside down: turn it half a turn, anchored at its end.
        let transform = self.radial.map(|direction| {
            let degrees = direction.to_degrees();
            let upright = if direction.cos() >= 0.0 {
                degrees
            } else {
                degrees + 180.0
            };
            format!("rotate({} {} {})", px(upright), px(self.x), px(self.first))
        });
        let dy = self.radial.map(|_| "0.35em");
        html! {
            text text-anchor=(self.anchor) font-weight=(self.weight) transform=[transform] {
                @for (k, line) in self.lines.iter().enumerate() {
                    tspan x=(px(self.x)) y=(px(self.first + k as f64 * LINE_H)) dy=[dy] { (line) }
                }
            }
        }
    }
}

fn describe(node: &EgoNode) -> String {
    let role = node_style(&node.role).3;
    match &node.country {
        Some(country) => format!("{} ({}) — {role}", node.label, super::country_name(country)),
        None => format!("{} — {role}", node.label),
    }
}

/// The subject in the centre, partners on an inner ring, candidates on an outer ring; edge
/// width grows with shared projects, node colour and fill show the role. The frame fits the
/// drawing, so sparse rings leave no empty margins.
pub fn ego_network(ego: &EgoNetwork) -> String {
    // One drawing in paint order (frame, edges, nodes, labels, legend) sharing the places
    // and the frame's bounds: split up, each part would take most of them as arguments.
    let places = layout(ego);
    let subject = ego
        .nodes
        .iter()
        .find(|n| n.role == "subject")
        .map_or("the organisation", |n| n.label.as_str());
    let count = |role: &str| ego.nodes.iter().filter(|n| n.role == role).count();
    let radius = |node: &EgoNode| {
        if node.role == "subject" {
            SUBJECT_R
        } else {
            NODE_R
        }
    };
    let labels: Vec<Label> = ego
        .nodes
        .iter()
        .zip(&places)
        .map(|(node, place)| Label::of(node, place, radius(node)))
        .collect();
    let edges: Vec<(&Place, &Place, String, u64)> = ego
        .edges
        .iter()
        .filter_map(|&(a, b, shared)| {
            let names = format!("{} — {}", ego.nodes.get(a)?.label, ego.nodes.get(b)?.label);
            Some((places.get(a)?, places.get(b)?, names, shared))
        })
        .collect();

    // The drawing's extent: circles and labels; a placeholder line when there is nothing.
    let mut extent = if ego.nodes.is_empty() {
        [-150.0, -30.0, 150.0, 30.0]
    } else {
        [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ]
    };
    let boxes = ego.nodes.iter().zip(&places).map(|(node, p)| {
        let r = radius(node) + 2.0;
        [p.x - r, p.y - r, p.x + r, p.y + r]
    });
    for [left, top, right, bottom] in boxes.chain(labels.iter().map(Label::bounds)) {
        extent = [
            extent[0].min(left),
            extent[1].min(top),
            extent[2].max(right),
            extent[3].max(bottom),
        ];
    }

    let roles = ["subject", "partner", "candidate"];
    let mut legend_w = 0.0;
    let legend: Vec<(f64, &str)> = roles
        .iter()
        .map(|role| {
            let x = legend_w;
            legend_w += 20.0 + node_style(role).3.chars().count() as f64 * CHAR_W + 20.0;
            (x, *role)
        })
        .collect();
    let line_x = legend_w;
    legend_w += 80.0 + 17.0 * CHAR_W;

    let width = (extent[2] - extent[0]).max(legend_w) + 2.0 * PAD;
    let height = extent[3] - extent[1] + 2.0 * PAD + LEGEND_H;
    let left = (extent[0] + extent[2]) / 2.0 - width / 2.0;
    let top = extent[1] - PAD;
    let legend_y = extent[3] + PAD + LEGEND_H / 2.0;
    let legend_left = left + PAD;

    let picture = html! {
        svg xmlns="http://www.w3.org/2000/svg" class="ego-network" role="img"
            viewBox=(format!("{} {} {} {}", px(left), px(top), px(width), px(height)))
            width=(px(width)) height=(px(height)) font-family=(FONT) font-size="12" fill=(INK) {
            title { "Partner network of " (subject) }
            desc {
                (subject) " in the centre, " (count("partner")) " partners on the inner ring and "
                (count("candidate")) " candidates on the outer ring. Lines join organisations \
                that share projects; the more shared projects, the thicker the line."
            }
            @if ego.nodes.is_empty() {
                text x="0" y="5" text-anchor="middle" fill=(MUTED) { "No network to draw." }
            }
            g class="edges" stroke="#8d99a8" stroke-opacity="0.7" stroke-linecap="round" {
                @for (a, b, names, shared) in &edges {
                    line x1=(px(a.x)) y1=(px(a.y)) x2=(px(b.x)) y2=(px(b.y))
                        stroke-width=(px(edge_width(*shared))) {
                        title {
                            (names) ": " (shared) " shared project" @if *shared != 1 { "s" }
                        }
                    }
                }
            }
            g class="nodes" {
                @for (node, place) in ego.nodes.iter().zip(&places) {
                    @let (fill, stroke, stroke_width, _) = node_style(&node.role);
                    circle cx=(px(place.x)) cy=(px(place.y)) r=(radius(node)) fill=(fill)
                        stroke=(stroke) stroke-width=(stroke_width) {
                        title { (describe(node)) }
                    }
                }
            }
            g class="labels" font-size=(LABEL_SIZE) stroke="#ffffff" stroke-width="3"
                stroke-linejoin="round" paint-order="stroke" {
                @for label in &labels { (label.markup()) }
            }
            @if !ego.nodes.is_empty() {
                g class="legend" fill=(MUTED) {
                    @for (x, role) in &legend {
                        @let x = legend_left + x;
                        @let (fill, stroke, stroke_width, name) = node_style(role);
                        @let stroke = if stroke == "#ffffff" { fill } else { stroke };
                        rect x=(px(x)) y=(px(legend_y - 7.0)) width="13" height="13" rx="6.5"
                            fill=(fill) stroke=(stroke) stroke-width=(stroke_width.min(2.5)) {}
                        text x=(px(x + 19.0)) y=(px(legend_y + 4.0)) { (name) }
                    }
                    @let x = legend_left + line_x;
                    line x1=(px(x)) x2=(px(x + 24.0)) y1=(px(legend_y)) y2=(px(legend_y))
                        stroke="#8d99a8" stroke-width=(edge_width(1)) {}
                    text x=(px(x + 29.0)) y=(px(legend_y + 4.0)) { "1" }
                    line x1=(px(x + 44.0)) x2=(px(x + 68.0)) y1=(px(legend_y)) y2=(px(legend_y))
                        stroke="#8d99a8" stroke-width=(edge_width(3)) {}
                    text x=(px(x + 73.0)) y=(px(legend_y + 4.0)) { "3 shared projects" }
                }
            }
        }
    };
    picture.into_string()
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;
    use quick_xml::Reader;
    use quick_xml::events::Event;

    /// Parses the SVG as strict XML; returns the names of its elements in document order and
    /// the root's attributes.
    fn parse(svg: &str) -> (Vec<String>, Vec<(String, String)>) {
        let mut reader = Reader::from_str(svg);
        let mut names = Vec::new();
        let mut root = Vec::new();
        loop {
            match reader.read_event().expect("well-formed XML") {
                Event::Start(e) | Event::Empty(e) => {
                    if names.is_empty() {
                        root = e
                            .attributes()
                            .map(|a| {
                                let a = a.unwrap();
                                let value = a.unescape_value().unwrap().into_owned();
                                (String::from_utf8(a.key.as_ref().to_vec()).unwrap(), value)
                            })
                            .collect();
                    }
                    names.push(String::from_utf8(e.name().as_ref().to_vec()).unwrap());
                }
                Event::Eof => break,
                _ => {}
            }
        }
        (names, root)
    }

    fn assert_accessible(names: &[String], root: &[(String, String)]) {
        assert_eq!(names[0], "svg");
        assert_eq!(names[1], "title", "the title names the picture first");
        let attribute = |key: &str| root.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        let view: Vec<f64> = attribute("viewBox")
            .expect("viewBox")
            .split(' ')
            .map(|n| n.parse().unwrap())
            .collect();
        assert!(
            view.len() == 4 && view[2] > 0.0 && view[3] > 0.0,
            "{view:?}"
        );
        assert_eq!(attribute("role"), Some("img"));
        assert!(names.contains(&"desc".to_owned()));
    }

    #[test]
    fn coverage_chart_is_valid_svg_with_one_group_per_theme() {
        let bars = sample().coverage_chart;
        let svg = coverage_chart(&bars);
        let (names, root) = parse(&svg);
        assert_accessible(&names, &root);
        assert_eq!(svg.matches("<g class=\"bar-group\">").count(), bars.len());
        assert_eq!(
            names.iter().filter(|n| *n == "rect").count(),
            3 + 3 * bars.len() + 3
        );
        assert!(svg.contains("Responsible research &amp; innovation"));
        assert!(svg.contains("<title>Biobanks (Biobanker)</title>"));
        assert_eq!(svg, coverage_chart(&bars), "deterministic");
    }

    #[test]
    fn long_theme_names_wrap_and_keep_their_full_name() {
        let bars = sample().coverage_chart;
        let svg = coverage_chart(&bars);
        let long = "Artificial intelligence in cancer survivorship and follow-up care";
        assert!(svg.contains(&format!("<title>{long}</title>")));
        assert!(svg.contains(">Artificial intelligence</tspan>"));
        assert!(svg.contains(">in cancer survivorship…</tspan>"));
    }

    #[test]
    fn ego_network_draws_one_circle_per_node() {
        let ego = sample().ego;
        let svg = ego_network(&ego);
        let (names, root) = parse(&svg);
        assert_accessible(&names, &root);
        assert_eq!(
            names.iter().filter(|n| *n == "circle").count(),
            ego.nodes.len()
        );
        assert_eq!(
            names.iter().filter(|n| *n == "line").count(),
            ego.edges.len() + 2
        );
        assert!(svg.contains(">Cell &amp; Gene Therapy</tspan>"));
        assert!(svg.contains(">Catapult &lt;CGT&gt; | Ltd</tspan>"));
        assert!(svg.contains(
            "<title>Cell &amp; Gene Therapy Catapult &lt;CGT&gt; | Ltd (United Kingdom)"
        ));
        assert_eq!(svg, ego_network(&ego), "deterministic");
    }

    #[test]
    fn candidates_sit_near_the_partners_that_introduce_them() {
        let ego = sample().ego;
        let places = layout(&ego);
        let distance = |a: usize, b: usize| {
            let (p, q) = (&places[a], &places[b]);
            (p.x - q.x).hypot(p.y - q.y)
        };
        // Karolinska (9) is introduced by Charité (1) only; BBMRI-ERIC (8) by nobody.
        let nearest = (1..=6).min_by(|&a, &b| distance(9, a).total_cmp(&distance(9, b)));
        assert_eq!(nearest, Some(1));
        assert!(places[0].angle.is_none(), "the subject is in the centre");
    }

    #[test]
    fn empty_inputs_still_draw() {
        let (names, root) = parse(&coverage_chart(&[]));
        assert_accessible(&names, &root);
        let empty = EgoNetwork {
            nodes: vec![],
            edges: vec![],
        };
        let svg = ego_network(&empty);
        let (names, root) = parse(&svg);
        assert_accessible(&names, &root);
        assert!(svg.contains("No network to draw."));
    }

    #[test]
    fn wrap_breaks_words_and_marks_cuts() {
        assert_eq!(wrap("Biobanks", 18, 2), ["Biobanks"]);
        assert_eq!(
            wrap("Charité – Universitätsmedizin Berlin", 20, 2),
            ["Charité –", "Universitätsmedizin…"]
        );
        assert_eq!(
            wrap("Charité – Universitätsmedizin Berlin", 20, 1),
            ["Charité – Universit…"]
        );
        assert_eq!(
            wrap("Fundació Clínic per a la Recerca Biomèdica", 20, 2),
            ["Fundació Clínic per", "a la Recerca…"]
        );
        assert_eq!(wrap("a b c d e f", 3, 2), ["a b", "c…"]);
        assert_eq!(tick_step(3), 1);
        assert_eq!(tick_step(11), 2);
        assert_eq!(tick_step(40), 10);
    }
}
