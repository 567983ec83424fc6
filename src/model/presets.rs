//! The presets gallery: scenarios that each teach one lesson, in English and Simplified Chinese.
