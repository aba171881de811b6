import { api, unwrap } from './client';
import type { Notification } from './types';

export async function listNotifications(unreadOnly: boolean): Promise<Notification[]> {
  return unwrap(await api.GET('/api/v1/notifications', { params: { query: { unread: unreadOnly || undefined, limit: 50 } } })).items;
}

export async function unreadCount(): Promise<number> {
  return unwrap(await api.GET('/api/v1/notifications/unread-count')).count;
}

export async function markRead(id: string): Promise<void> {
  unwrap(await api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } }));
}

export async function markAllRead(): Promise<number> {
  return unwrap(await api.POST('/api/v1/notifications/read-all')).marked;
}

/** Other parts of the page listen to this to refresh the unread badge. */
export const NOTIFICATIONS_CHANGED = 'kn:notifications-changed';
