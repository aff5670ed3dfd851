import { z } from 'zod';
import type { ArtifactStore } from './artifact-store.js';
/**
 * A folder in the store is complete once its marker exists: written last, listing every file and size. A
 * reader takes nothing without it, so an upload cut off at any point (a host killed mid-checkpoint) leaves
 * files no resume will pick.
 */
export declare const MARKER = "_COMPLETE.json";
declare const MarkerSchema: z.ZodObject<{
    files: z.ZodArray<z.ZodObject<{
        path: z.ZodString;
        size: z.ZodNumber;
    }, z.core.$strip>>;
    tag: z.ZodDefault<z.ZodNullable<z.ZodString>>;
}, z.core.$strip>;
export type FolderMarker = z.infer<typeof MarkerSchema>;
/** Every file under `dir`, as `/`-separated relative paths with sizes, sorted. */
export declare function filesUnder(dir: string, rel?: string): Promise<{
    path: string;
    size: number;
}[]>;
export declare function readMarker(store: ArtifactStore, prefix: string): Promise<FolderMarker | null>;
/** Uploads every file under `dir` to `prefix/…`, then the marker; returns the bytes sent. */
export declare function uploadFolder(store: ArtifactStore, dir: string, prefix: string, tag?: string | null): Promise<{
    files: number;
    bytes: number;
}>;
/** Where a downloaded folder records which stored version it holds (beside it, so the folder stays as stored). */
export declare function localMarkerOf(dir: string): string;
/**
 * Downloads the complete folder at `prefix` into `dir` (built aside, then renamed into place). Returns null
 * when the store holds no complete folder there; skips the copy when `dir` already holds this version.
 */
export declare function downloadFolder(store: ArtifactStore, prefix: string, dir: string): Promise<{
    files: number;
    bytes: number;
    reused: boolean;
    marker: FolderMarker;
} | null>;
/** The complete sub-folders directly under `prefix` (their names), e.g. the uploaded checkpoints of a run. */
export declare function completeFolders(store: ArtifactStore, prefix: string): Promise<string[]>;
/**
 * Deletes a stored folder, its marker first: from then on no reader takes it, however far the rest gets.
 */
export declare function deleteFolder(store: ArtifactStore, prefix: string): Promise<void>;
export {};
