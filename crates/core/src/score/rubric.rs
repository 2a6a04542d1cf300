//! The rubric: levels a teacher grades by, each reached from an overall F1,
//! and a teacher's override of a student's level with a comment.

use serde::{Deserialize, Serialize};

/// A level and the overall F1 from which it is reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Level {
    pub name: String,
    /// The lowest F1 (0 to 1) that reaches this level.
    pub from: f64,
}

/// Levels by overall F1; the default is Beginning below 0.5, Emerging
/// below 0.8 and Mastery from 0.8. Names and cut-offs are the teacher's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rubric {
    pub levels: Vec<Level>,
}

impl Default for Rubric {
    fn default() -> Self {
        let level = |name: &str, from| Level {
            name: name.to_string(),
            from,
        };
        Rubric {
            levels: vec![
                level("Beginning", 0.0),
                level("Emerging", 0.5),
                level("Mastery", 0.8),
            ],
        }
    }
}

impl Rubric {
    /// The level `f1` reaches: the one with the highest cut-off at or below
    /// it (the lowest level when it reaches none); "" for a rubric with no
    /// levels.
    pub fn level(&self, f1: f64) -> &str {
        let reached = self
            .levels
            .iter()
            .filter(|l| l.from <= f1)
            .max_by(|a, b| a.from.total_cmp(&b.from));
        let lowest = || self.levels.iter().min_by(|a, b| a.from.total_cmp(&b.from));
        reached.or_else(lowest).map_or("", |l| l.name.as_str())
    }
}

/// A teacher's own level for a student, replacing the rubric's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    pub student: String,
    pub level: String,
    #[serde(default)]
    pub comment: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_rubric_cuts_at_one_half_and_four_fifths() {
        let rubric = Rubric::default();
        assert_eq!(rubric.level(0.0), "Beginning");
        assert_eq!(rubric.level(0.49), "Beginning");
        assert_eq!(rubric.level(0.5), "Emerging");
        assert_eq!(rubric.level(0.79), "Emerging");
        assert_eq!(rubric.level(0.8), "Mastery");
        assert_eq!(rubric.level(1.0), "Mastery");
    }

    #[test]
    fn a_teachers_rubric_reads_from_json_in_any_order() {
        let rubric: Rubric = serde_json::from_str(
            r#"{"levels": [{"name": "Pass", "from": 0.6}, {"name": "Not yet", "from": 0.2}]}"#,
        )
        .expect("a rubric");
        assert_eq!(rubric.level(0.7), "Pass");
        assert_eq!(rubric.level(0.3), "Not yet");
        assert_eq!(
            rubric.level(0.1),
            "Not yet",
            "below every cut-off: the lowest"
        );
        assert_eq!(Rubric { levels: Vec::new() }.level(0.9), "");
    }
}
