/** The reviewer's view of ambassador content submissions (being built). */
export function ContentReviewPage() {
  return null;
}
