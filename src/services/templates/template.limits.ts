/** Limits for template definitions and the values applied to them. */
export const TEMPLATE_LIMITS = Object.freeze({
  key: /^[a-z0-9][a-z0-9-]{1,62}$/,
  variableName: /^[A-Za-z][A-Za-z0-9_]{0,39}$/,
  maxVariables: 30,
  maxValueLength: 2000,
  maxNameLength: 100,
  maxCategoryLength: 50,
  maxDescriptionLength: 500,
  maxVariableDescriptionLength: 300,
  maxPatternLength: 2000,
  maxPatternEntries: 20,
  maxGuidanceLength: 1000,
  maxSampleLength: 6000,
});
