/** The limits of a campaign, its brief, a generation request and the campaign list (API.md). */
export const CAMPAIGN_LIMITS = Object.freeze({
  maxNameLength: 200,
  maxProductNameLength: 200,
  maxDescriptionLength: 2000,
  minFeatures: 1,
  maxFeatures: 10,
  maxFeatureLength: 200,
  maxAudienceLength: 500,
  /** Also the most platforms one preview call shows. */
  minPlatforms: 1,
  maxPlatforms: 6,
  maxKeywords: 20,
  maxKeywordLength: 50,
  maxCallToActionLength: 200,
  maxUrlLength: 2048,
  maxLanguageLength: 35,
  minVariantsPerPlatform: 1,
  maxVariantsPerPlatform: 5,
  defaultVariantsPerPlatform: 2,
  maxPageSize: 100,
  defaultPageSize: 20,
  maxSearchLength: 200,
});
