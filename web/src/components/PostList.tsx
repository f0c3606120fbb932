import type { PostSummary } from '../api/types';
import type { HeadingLevel } from './Heading';
import { PostSummaryItem } from './PostSummaryItem';

interface PostListProps {
  posts: PostSummary[];
  headingLevel: HeadingLevel;
  showSpace?: boolean;
  label: string;
}

export function PostList({ posts, headingLevel, showSpace = false, label }: PostListProps) {
  return (
    <ol className="post-list plain-list" aria-label={label}>
      {posts.map((post) => (
        <li key={post.id}>
          <PostSummaryItem post={post} headingLevel={headingLevel} showSpace={showSpace} />
        </li>
      ))}
    </ol>
  );
}
