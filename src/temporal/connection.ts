import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { UsageError, errorMessage } from '../shared/errors.js';

/** Connects a client, turning "nothing there" into one line that names the setting. */
export async function connectClient(
  address: string,
  namespace: string,
): Promise<{ client: Client; connection: Connection }> {
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: 5_000 });
  } catch (err) {
    throw new UsageError(
      `cannot reach Temporal at ${address} (temporal.address / TEMPORAL_ADDRESS / --address): ${errorMessage(err)}`,
      { cause: err },
    );
  }
  try {
    await connection.workflowService.describeNamespace({ namespace });
  } catch (err) {
    await connection.close();
    throw new UsageError(
      `Temporal at ${address} has no namespace "${namespace}" (temporal.namespace / TEMPORAL_NAMESPACE / --namespace): ${errorMessage(err)}`,
      { cause: err },
    );
  }
  return { client: new Client({ connection, namespace }), connection };
}

export async function connectWorker(address: string): Promise<NativeConnection> {
  try {
    return await NativeConnection.connect({ address });
  } catch (err) {
    throw new UsageError(`worker cannot reach Temporal at ${address}: ${errorMessage(err)}`, { cause: err });
  }
}
