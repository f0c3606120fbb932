import { useTranslation } from 'react-i18next';

export function TagList({ tags }: { tags: string[] }) {
  const { t } = useTranslation();
  if (tags.length === 0) {
    return null;
  }
  return (
    <ul className="tags" aria-label={t('post.tags')}>
      {tags.map((tag) => (
        <li key={tag} className="tag">
          {tag}
        </li>
      ))}
    </ul>
  );
}
