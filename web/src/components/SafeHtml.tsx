interface SafeHtmlProps {
  /** HTML the server has sanitised: a `bodyHtml`, `snippetHtml` or preview `html` field. */
  html: string;
  className?: string;
  id?: string;
}

/** The only place that inserts HTML; never pass it anything but server-sanitised fields. */
export function SafeHtml({ html, className, id }: SafeHtmlProps) {
  return <div id={id} className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
