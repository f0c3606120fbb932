import { apiDelete, apiPut } from './client';

/** PUT follows, DELETE unfollows; `path` is the resource's `/follow` route. */
export async function setFollowing(path: string, following: boolean): Promise<void> {
  if (following) {
    await apiPut<unknown>(path);
  } else {
    await apiDelete(path);
  }
}
