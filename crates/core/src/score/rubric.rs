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

/// Why a rubric or an override written on one line does not read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RubricError {
    #[error("the rubric is empty: write levels such as \"Beginning<0.5,Emerging<0.8,Mastery\"")]
    Empty,
    #[error("level {0} of the rubric has no name")]
    NoName(usize),
    #[error("level “{0}” needs its upper cut-off, as in “{0}<0.5” (only the last level has none)")]
    NoCutOff(String),
    #[error("the last level “{0}” takes no cut-off: it runs up to 1")]
    LastCutOff(String),
    #[error("the cut-off “{cut}” of “{level}” is not a number from 0 to 1 (such as 0.5)")]
    BadCutOff { level: String, cut: String },
    #[error("the cut-offs must rise from level to level, and {1} after {0} does not")]
    NotAscending(f64, f64),
    #[error("“{0}” is not STUDENT=LEVEL or STUDENT=LEVEL:comment")]
    BadOverride(String),
    #[error("the override for {student} names the level “{level}”, which the rubric does not have ({levels})")]
    UnknownLevel {
        student: String,
        level: String,
        levels: String,
    },
}

impl Rubric {
    /// Reads a rubric written on one line, lowest level first, each level
    /// but the last with the F1 below which it holds:
    /// `Beginning<0.5,Emerging<0.8,Mastery` is the default rubric. Names
    /// must not be empty; cut-offs are numbers from 0 to 1, each above the
    /// one before.
    pub fn parse(line: &str) -> Result<Rubric, RubricError> {
        let parts: Vec<&str> = line.split(',').map(str::trim).collect();
        if parts.iter().all(|p| p.is_empty()) {
            return Err(RubricError::Empty);
        }
        let mut levels = Vec::new();
        let mut from = 0.0;
        for (i, part) in parts.iter().enumerate() {
            let last = i + 1 == parts.len();
            let (name, cut) = match part.split_once('<') {
                Some((name, cut)) => (name.trim(), Some(cut.trim())),
                None => (*part, None),
            };
            if name.is_empty() {
                return Err(RubricError::NoName(i + 1));
            }
            levels.push(Level {
                name: name.to_string(),
                from,
            });
            match (cut, last) {
                (None, true) => {}
                (None, false) => return Err(RubricError::NoCutOff(name.to_string())),
                (Some(_), true) => return Err(RubricError::LastCutOff(name.to_string())),
                (Some(cut), false) => {
                    let value = cut
                        .replace(',', ".")
                        .parse::<f64>()
                        .ok()
                        .filter(|v| v.is_finite() && (0.0..=1.0).contains(v))
                        .ok_or_else(|| RubricError::BadCutOff {
                            level: name.to_string(),
                            cut: cut.to_string(),
                        })?;
                    if value <= from {
                        return Err(RubricError::NotAscending(from, value));
                    }
                    from = value;
                }
            }
        }
        Ok(Rubric { levels })
    }
}

impl Override {
    /// Reads `STUDENT=LEVEL` or `STUDENT=LEVEL:comment` against `rubric`:
    /// the level must be one of its names, or empty when a comment is given
    /// (the rubric's level stays, with the comment).
    pub fn parse(line: &str, rubric: &Rubric) -> Result<Override, RubricError> {
        let bad = || RubricError::BadOverride(line.to_string());
        let (student, rest) = line.split_once('=').ok_or_else(bad)?;
        let (level, comment) = rest.split_once(':').unwrap_or((rest, ""));
        let (student, level, comment) = (student.trim(), level.trim(), comment.trim());
        if student.is_empty() || (level.is_empty() && comment.is_empty()) {
            return Err(bad());
        }
        if !level.is_empty() && !rubric.levels.iter().any(|l| l.name == level) {
            let levels: Vec<&str> = rubric.levels.iter().map(|l| l.name.as_str()).collect();
            return Err(RubricError::UnknownLevel {
                student: student.to_string(),
                level: level.to_string(),
                levels: levels.join(", "),
            });
        }
        Ok(Override {
            student: student.to_string(),
            level: level.to_string(),
            comment: comment.to_string(),
        })
    }
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

    #[test]
    fn a_rubric_on_one_line_reads_lowest_level_first() {
        assert_eq!(
            Rubric::parse("Beginning<0.5, Emerging<0.8, Mastery"),
            Ok(Rubric::default())
        );
        let two = Rubric::parse("Not yet<0.6,Pass").expect("two levels");
        assert_eq!(two.level(0.59), "Not yet");
        assert_eq!(two.level(0.6), "Pass");
        assert_eq!(Rubric::parse("All").expect("one level").level(0.0), "All");
    }

    #[test]
    fn a_rubric_that_does_not_read_says_what_is_wrong() {
        let wrong = |line: &str| Rubric::parse(line).unwrap_err().to_string();
        assert!(wrong("").contains("is empty"));
        assert!(wrong("A<0.5,,C").contains("level 2 of the rubric has no name"));
        assert!(wrong("A,B").contains("“A” needs its upper cut-off"));
        assert!(wrong("A<0.5,B<0.9").contains("last level “B” takes no cut-off"));
        assert!(wrong("A<half,B").contains("“half” of “A” is not a number from 0 to 1"));
        assert!(wrong("A<1.5,B").contains("not a number from 0 to 1"));
        assert!(wrong("A<0.8,B<0.5,C").contains("0.5 after 0.8 does not"));
        assert!(wrong("A<0,B").contains("0 after 0 does not"));
    }

    #[test]
    fn an_override_names_a_level_of_the_rubric_or_only_comments() {
        let rubric = Rubric::default();
        assert_eq!(
            Override::parse("Ana=Mastery:found the hard one", &rubric),
            Ok(Override {
                student: "Ana".into(),
                level: "Mastery".into(),
                comment: "found the hard one".into(),
            })
        );
        assert_eq!(
            Override::parse("Ben Li=:see me: after class", &rubric),
            Ok(Override {
                student: "Ben Li".into(),
                level: String::new(),
                comment: "see me: after class".into(),
            })
        );
        let wrong = |line: &str| Override::parse(line, &rubric).unwrap_err().to_string();
        assert!(wrong("Ana").contains("is not STUDENT=LEVEL"));
        assert!(wrong("=Mastery").contains("is not STUDENT=LEVEL"));
        assert!(wrong("Ana=").contains("is not STUDENT=LEVEL"));
        assert_eq!(
            wrong("Ana=Expert"),
            "the override for Ana names the level “Expert”, which the rubric does not have \
             (Beginning, Emerging, Mastery)"
        );
    }
}
