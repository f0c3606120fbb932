/**
 * REV-01 for mission texts: a review mission may ask for an honest review, never for a good
 * one. Its title, brief and incentive are refused when they tie the review or its reward to a
 * rating or a sentiment ("5-star", "a positive review", "rate us at least 4", "only if you
 * like it"). Point rules refuse rating conditions by their keys (rules/engine.ts); free text
 * needs phrases instead, since words such as "opinion" or "score" alone are fine in a brief.
 */

const STAR_WORDS = '(?:[1-5]|one|two|three|four|five)';

const PATTERNS: readonly RegExp[] = [
  // "5-star", "five stars", "4+ stars", "5 ★"
  new RegExp(`\\b${STAR_WORDS}\\s*\\+?\\s*(?:-\\s*)?(?:stars?\\b|★|⭐)`, 'i'),
  // "★★★★★", "⭐⭐⭐"
  /[★⭐]{2,}/u,
  // "5/5", "10/10"
  /\b(?:[1-9]|10)\s*\/\s*(?:5|10)\b/,
  // "a positive review", "glowing feedback", "a high rating"
  /\b(?:positive|good|great|glowing|favou?rable|excellent|high|higher|highest|top|perfect|rave|raving|nice|amazing|stellar|5-star|five-star)\s+(?:reviews?|ratings?|feedback|scores?|words|comments?|testimonials?)\b/i,
  // "rate us highly", "rate it at least 4", "rate the product five"
  /\brat(?:e|ing)\s+(?:(?:us|it|them|this|the\s+\w+)\s+)?(?:highly|high|at\s+least|above|over|top|[1-5]\b|one\b|two\b|three\b|four\b|five\b)/i,
  // "a rating of at least 4", "a score above 8"
  /\b(?:rating|score|stars?)\s+(?:of\s+)?(?:at\s+least|above|over|no\s+less\s+than|minimum(?:\s+of)?)\b/i,
  // "only if you like it", "provided you loved it"
  /\b(?:only|provided|as\s+long\s+as)\s+(?:if\s+|that\s+)?(?:you|they)\s+(?:like|liked|love|loved|enjoy|enjoyed|are\s+happy|were\s+happy|recommend)\b/i,
  // "no negative reviews", "do not mention anything negative", "avoid negative comments"
  /\b(?:no|not|never|avoid|without|don['’]?t|do\s+not)\s+(?:\w+\s+){0,3}?negative\b/i,
  // "if your review is positive", "when the rating is high"
  /\b(?:if|when|once)\s+(?:the\s+|your\s+)?(?:review|rating|feedback)\s+is\s+(?:positive|good|great|favou?rable|high|glowing)\b/i,
  // "must recommend", "you have to praise"
  /\b(?:must|have\s+to|has\s+to|need\s+to|required\s+to)\s+(?:recommend|praise|say\s+(?:good|nice|positive))\b/i,
];

/** The phrase in `text` that ties a review to a rating or sentiment, or null when none does. */
export function sentimentCondition(text: string | null | undefined): string | null {
  if (!text) {
    return null;
  }
  for (const pattern of PATTERNS) {
    const found = pattern.exec(text);
    if (found) {
      return found[0].trim();
    }
  }
  return null;
}
