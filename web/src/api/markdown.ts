import { apiPost } from './client';

/** Renders Markdown with the server's own renderer; the answer is sanitised HTML. */
export async function previewMarkdown(body: string): Promise<string> {
  const answer = await apiPost<{ html: string }>('/markdown/preview', { body });
  return answer.html;
}
