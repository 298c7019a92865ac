package cmds

import (
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/models"
)

// XINFO decoders. The replies are maps (flat key/value arrays on RESP2) whose keys
// vary with the server version; each decoder fills the fields it knows by name and
// skips the rest. Fields GLIDE models as Result are nil when the server does not send
// them (older servers) or sends null.

// xinfoMap calls field for each key of the map at r, which must consume the value.
// A null map is reported as isNil.
func xinfoMap(r *resp.Reader, field func(key string) error) (isNil bool, err error) {
	n, isNil, err := r.ReadMapLen()
	if err != nil || isNil {
		return isNil, err
	}
	for i := 0; i < n; i++ {
		key, err := r.ReadString()
		if err != nil {
			return false, err
		}
		if err := field(key); err != nil {
			return false, err
		}
	}
	return false, nil
}

// xinfoOptInt sets *dst from an integer or null.
func xinfoOptInt(r *resp.Reader, dst *models.Result[int64]) (err error) {
	*dst, err = DecodeNullableInt(r)
	return err
}

// xinfoOptString sets *dst from a string or null.
func xinfoOptString(r *resp.Reader, dst *models.Result[string]) (err error) {
	*dst, err = DecodeNullableString(r)
	return err
}

// xinfoOptEntry reads first-entry / last-entry: an entry, or null for an empty
// stream (left as the zero StreamEntry, as GLIDE leaves it).
func xinfoOptEntry(r *resp.Reader, dst *models.StreamEntry) error {
	e, ok, err := readStreamEntry(r)
	if ok {
		*dst = e
	}
	return err
}

// DecodeXInfoStream reads XINFO STREAM.
func DecodeXInfoStream(r *resp.Reader) (models.XInfoStreamResponse, error) {
	out := models.XInfoStreamResponse{
		MaxDeletedEntryID: models.CreateNilStringResult(),
		EntriesAdded:      models.CreateNilInt64Result(),
	}
	isNil, err := xinfoMap(r, func(key string) (err error) {
		switch key {
		case "length":
			out.Length, err = r.ReadInt()
		case "radix-tree-keys":
			out.RadixTreeKeys, err = r.ReadInt()
		case "radix-tree-nodes":
			out.RadixTreeNodes, err = r.ReadInt()
		case "groups":
			out.Groups, err = r.ReadInt()
		case "last-generated-id":
			out.LastGeneratedID, err = r.ReadString()
		case "max-deleted-entry-id":
			err = xinfoOptString(r, &out.MaxDeletedEntryID)
		case "entries-added":
			err = xinfoOptInt(r, &out.EntriesAdded)
		case "first-entry":
			err = xinfoOptEntry(r, &out.FirstEntry)
		case "last-entry":
			err = xinfoOptEntry(r, &out.LastEntry)
		default:
			err = r.Skip()
		}
		return err
	})
	if err == nil && isNil {
		err = streamGeoShapeError("unexpected nil XINFO STREAM reply")
	}
	return out, err
}

// DecodeXInfoStreamFull reads XINFO STREAM ... FULL.
func DecodeXInfoStreamFull(r *resp.Reader) (models.XInfoStreamFullOptionsResponse, error) {
	out := models.XInfoStreamFullOptionsResponse{
		MaxDeletedEntryID:    models.CreateNilStringResult(),
		EntriesAdded:         models.CreateNilInt64Result(),
		RecordedFirstEntryId: models.CreateNilStringResult(),
	}
	isNil, err := xinfoMap(r, func(key string) (err error) {
		switch key {
		case "length":
			out.Length, err = r.ReadInt()
		case "radix-tree-keys":
			out.RadixTreeKeys, err = r.ReadInt()
		case "radix-tree-nodes":
			out.RadixTreeNodes, err = r.ReadInt()
		case "last-generated-id":
			out.LastGeneratedID, err = r.ReadString()
		case "max-deleted-entry-id":
			err = xinfoOptString(r, &out.MaxDeletedEntryID)
		case "entries-added":
			err = xinfoOptInt(r, &out.EntriesAdded)
		case "recorded-first-entry-id":
			err = xinfoOptString(r, &out.RecordedFirstEntryId)
		case "first-entry":
			err = xinfoOptEntry(r, &out.FirstEntry)
		case "last-entry":
			err = xinfoOptEntry(r, &out.LastEntry)
		case "entries":
			out.Entries, err = readStreamEntries(r)
		case "groups":
			out.Groups, err = readFullGroups(r)
		default:
			err = r.Skip()
		}
		return err
	})
	if err == nil && isNil {
		err = streamGeoShapeError("unexpected nil XINFO STREAM FULL reply")
	}
	return out, err
}

// xinfoArray reads an array into a non-nil slice, one element per call of item.
func xinfoArray[T any](r *resp.Reader, item func() (T, error)) ([]T, error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return nil, err
	}
	out := make([]T, 0, n)
	for i := 0; i < n; i++ {
		v, err := item()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func readFullGroups(r *resp.Reader) ([]models.XInfoStreamGroupInfo, error) {
	return xinfoArray(r, func() (models.XInfoStreamGroupInfo, error) {
		g := models.XInfoStreamGroupInfo{
			EntriesRead: models.CreateNilInt64Result(),
			Lag:         models.CreateNilInt64Result(),
		}
		_, err := xinfoMap(r, func(key string) (err error) {
			switch key {
			case "name":
				g.Name, err = r.ReadString()
			case "last-delivered-id":
				g.LastDeliveredId, err = r.ReadString()
			case "entries-read":
				err = xinfoOptInt(r, &g.EntriesRead)
			case "lag":
				err = xinfoOptInt(r, &g.Lag)
			case "pel-count":
				g.PelCount, err = r.ReadInt()
			case "pending":
				g.Pending, err = xinfoArray(r, func() (models.PendingEntry, error) {
					var p models.PendingEntry
					err := xinfoTuple(r, "group PEL entry", func() (err error) {
						if p.Id, err = r.ReadString(); err != nil {
							return err
						}
						if p.Name, err = r.ReadString(); err != nil {
							return err
						}
						if p.DeliveredTime, err = r.ReadInt(); err != nil {
							return err
						}
						p.DeliveredCount, err = r.ReadInt()
						return err
					}, 4)
					return p, err
				})
			case "consumers":
				g.Consumers, err = readFullConsumers(r)
			default:
				err = r.Skip()
			}
			return err
		})
		return g, err
	})
}

func readFullConsumers(r *resp.Reader) ([]models.XInfoStreamConsumerInfo, error) {
	return xinfoArray(r, func() (models.XInfoStreamConsumerInfo, error) {
		c := models.XInfoStreamConsumerInfo{ActiveTime: models.CreateNilInt64Result()}
		_, err := xinfoMap(r, func(key string) (err error) {
			switch key {
			case "name":
				c.Name, err = r.ReadString()
			case "seen-time":
				c.SeenTime, err = r.ReadInt()
			case "active-time":
				err = xinfoOptInt(r, &c.ActiveTime)
			case "pel-count":
				c.PelCount, err = r.ReadInt()
			case "pending":
				c.Pending, err = xinfoArray(r, func() (models.ConsumerPendingEntry, error) {
					var p models.ConsumerPendingEntry
					err := xinfoTuple(r, "consumer PEL entry", func() (err error) {
						if p.Id, err = r.ReadString(); err != nil {
							return err
						}
						if p.DeliveredTime, err = r.ReadInt(); err != nil {
							return err
						}
						p.DeliveredCount, err = r.ReadInt()
						return err
					}, 3)
					return p, err
				})
			default:
				err = r.Skip()
			}
			return err
		})
		return c, err
	})
}

// xinfoTuple reads an array that must have exactly n elements, read by body.
func xinfoTuple(r *resp.Reader, what string, body func() error, n int) error {
	k, isNil, err := r.ReadArrayLen()
	if err != nil {
		return err
	}
	if isNil || k != n {
		return streamGeoShapeError(what + " has an unexpected shape")
	}
	return body()
}

// DecodeXInfoConsumers reads XINFO CONSUMERS.
func DecodeXInfoConsumers(r *resp.Reader) ([]models.XInfoConsumerInfo, error) {
	return xinfoArray(r, func() (models.XInfoConsumerInfo, error) {
		c := models.XInfoConsumerInfo{Inactive: models.CreateNilInt64Result()}
		_, err := xinfoMap(r, func(key string) (err error) {
			switch key {
			case "name":
				c.Name, err = r.ReadString()
			case "pending":
				c.Pending, err = r.ReadInt()
			case "idle":
				c.Idle, err = r.ReadInt()
			case "inactive":
				err = xinfoOptInt(r, &c.Inactive)
			default:
				err = r.Skip()
			}
			return err
		})
		return c, err
	})
}

// DecodeXInfoGroups reads XINFO GROUPS.
func DecodeXInfoGroups(r *resp.Reader) ([]models.XInfoGroupInfo, error) {
	return xinfoArray(r, func() (models.XInfoGroupInfo, error) {
		g := models.XInfoGroupInfo{
			EntriesRead: models.CreateNilInt64Result(),
			Lag:         models.CreateNilInt64Result(),
		}
		_, err := xinfoMap(r, func(key string) (err error) {
			switch key {
			case "name":
				g.Name, err = r.ReadString()
			case "consumers":
				g.Consumers, err = r.ReadInt()
			case "pending":
				g.Pending, err = r.ReadInt()
			case "last-delivered-id":
				g.LastDeliveredId, err = r.ReadString()
			case "entries-read":
				err = xinfoOptInt(r, &g.EntriesRead)
			case "lag":
				err = xinfoOptInt(r, &g.Lag)
			default:
				err = r.Skip()
			}
			return err
		})
		return g, err
	})
}
