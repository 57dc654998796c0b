/** The limits of a workspace's brand profile (API.md, BrandProfileInput). */
export const BRAND_LIMITS = Object.freeze({
  maxVoiceLength: 1000,
  maxTermLength: 100,
  maxBannedTerms: 200,
  maxCompetitorNames: 100,
  maxRequiredTerms: 50,
  maxDisclaimers: 10,
  maxDisclaimerLength: 500,
  maxPreferredHashtags: 30,
  maxHashtagLength: 100,
});
